import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The part of a slow network that a byte-delaying tap cannot show: TCP's own
 * handshake. On loopback the kernel completes SYN, SYN-ACK, ACK at once, so a
 * client's {@code connect()} is free. This relay makes the first bytes of every
 * new connection wait one round trip before they move on, which is what the
 * handshake costs a client on a real network (the request can leave only after
 * the SYN-ACK has come back). Put it in front of a {@code WireTap} that delays
 * the bytes themselves.
 */
final class SlowHandshake implements AutoCloseable {

    private final ServerSocket listening = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    private final InetSocketAddress next;
    private final Duration roundTrip;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    SlowHandshake(int nextPort, Duration roundTrip) throws IOException {
        this.next = new InetSocketAddress(InetAddress.getLoopbackAddress(), nextPort);
        this.roundTrip = roundTrip;
        daemon(this::accept);
    }

    int port() {
        return listening.getLocalPort();
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listening.accept();
                sockets.add(client);
                daemon(() -> relay(client));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void relay(Socket client) {
        try (Socket upstream = new Socket()) {
            sockets.add(upstream);
            TimeUnit.NANOSECONDS.sleep(roundTrip.toNanos()); // the simulated SYN / SYN-ACK trip
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(next, 2000);
            Thread down = daemon(() -> pump(upstream, client));
            pump(client, upstream);
            down.join(5000);
        } catch (IOException | InterruptedException e) {
            // one side went away
        } finally {
            quietly(client);
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream(); // not closed here: that would close the whole socket
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) out.write(buffer, 0, n);
            to.shutdownOutput();
        } catch (IOException e) {
            quietly(to);
        }
    }

    @Override
    public void close() {
        quietly(listening);
        sockets.forEach(SlowHandshake::quietly);
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "slow-handshake");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void quietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
