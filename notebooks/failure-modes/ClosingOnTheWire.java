///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION How a WebSocket ends, as the wire shows it: clean close, too big, bad UTF-8, unmasked frame (with and without the kit's guard), killed peer
//JAVA 17+
//SOURCES ../_kit/*.java

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import kit.*;

/**
 * One way for a WebSocket to end per run: {@code clean}, {@code too-big},
 * {@code bad-utf8}, {@code unmasked}, {@code unmasked-bare} (Tyrus without the kit's
 * guard) or {@code killed}. Each run starts an echo
 * server, connects a bystander straight to it, then lets one client misbehave
 * through a {@link WireTap}, prints what the tap saw, and finally checks that
 * the server still serves: the bystander and a newcomer both get their echo.
 */
public class ClosingOnTheWire {

    static final int LIMIT = 64 * 1024; // the largest text message the endpoint accepts, in bytes

    // tag::server[]
    @ServerEndpoint("/echo")
    public static class Echo {
        static final BlockingQueue<CloseReason> CLOSES = new LinkedBlockingQueue<>();

        @OnMessage(maxMessageSize = LIMIT) // <1>
        public String echo(String text) {
            return text;
        }

        @OnClose
        public void closed(CloseReason reason) {
            CLOSES.add(reason); // <2>
        }

        @OnError
        public void failed(Throwable error) {
            // Tyrus reports the cause here; the close code tells the story below.
        }
    }
    // end::server[]

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--child")) {
            child(URI.create(args[1]));
            return;
        }
        String which = args.length > 0 ? args[0] : "clean";
        Figures.publish("message-limit-kib", LIMIT / 1024);
        Figures.publish("guard-limit-bytes", String.format(Locale.ROOT, "%,d", DemoServer.MAX_MESSAGE_BYTES));
        DemoServer.Builder builder = DemoServer.builder().endpoint(Echo.class);
        if (which.equals("unmasked-bare")) builder.unguarded(); // Tyrus 2.2.2 as it ships
        try (DemoServer server = builder.start();
             WireTap tap = WireTap.in(server).start();
             WebSocketClient bystander = WebSocketClient.connect(server.wsUri("/echo"))) {
            bystander.send("before").receive();
            Echo.CLOSES.clear();

            switch (which) {
                case "clean" -> clean(tap);
                case "too-big" -> tooBig(tap);
                case "bad-utf8" -> badUtf8(tap);
                case "unmasked", "unmasked-bare" -> unmasked(tap, which);
                case "killed" -> killed(tap);
                default -> {
                    System.err.println("unknown case \"" + which + "\"; the cases are: clean, too-big, bad-utf8, unmasked, unmasked-bare, killed");
                    System.exit(2);
                }
            }

            List<TapEvent> seen = tap.awaitClosed(Duration.ofSeconds(5));
            CloseReason serverSaw = Echo.CLOSES.poll(5, TimeUnit.SECONDS);
            System.out.println();
            System.out.println("What the tap saw (→ client to server, ← server to client):");
            seen.forEach(ClosingOnTheWire::show);
            List<Frame> closes = seen.stream().filter(e -> e.frame() != null && e.frame().opcode() == Frame.CLOSE)
                    .map(TapEvent::frame).toList();
            String onWire = closes.isEmpty() ? "none" : String.join(", ", closes.stream().map(Frame::label).toList());
            int serverCode = serverSaw == null ? -1 : serverSaw.getCloseCode().getCode();
            System.out.println();
            System.out.println("close frames: " + onWire);
            System.out.println("server's @OnClose: " + (serverSaw == null ? "nothing within 5 s"
                    : serverCode + " " + serverSaw.getCloseCode()
                      + (serverSaw.getReasonPhrase().isEmpty() ? "" : "\n  \"" + serverSaw.getReasonPhrase() + "\"")));
            Figures.publish(which + "-wire-closes", onWire);
            Figures.publish(which + "-server-code", serverCode);
            SequenceDiagram.write(seen, Figures.file(which + ".svg"));
            checkEnding(which, seen, closes, serverCode);

            // tag::survives[]
            bystander.send("still there?");
            String stillThere = bystander.receive(); // connected before the failure
            String newcomer;
            try (WebSocketClient late = WebSocketClient.connect(server.wsUri("/echo"))) {
                newcomer = late.send("hello after").receive(); // connected after it
            }
            // end::survives[]
            System.out.println("afterwards, the bystander got \"" + stillThere + "\",");
            System.out.println("and a newcomer got \"" + newcomer + "\"");
            Claims.check("the bystander and a newcomer both got their echo afterwards",
                    stillThere.equals("still there?") && newcomer.equals("hello after"),
                    "bystander: " + stillThere + ", newcomer: " + newcomer);
        }
    }

    /** What the chapter says about each ending, checked against what the tap saw. */
    static void checkEnding(String which, List<TapEvent> seen, List<Frame> closes, int serverCode) {
        List<Integer> codes = closes.stream().map(Frame::closeCode).toList();
        switch (which) {
            case "clean" -> {
                Claims.check("the client's close 1000 was answered with close 1000", codes.equals(List.of(1000, 1000)), "close frames: " + codes);
                long lastClose = seen.stream().filter(ClosingOnTheWire::isClose).mapToLong(TapEvent::micros).max().orElse(-1);
                List<TapEvent> fins = ends(seen);
                Claims.check("both FINs came after both close frames", fins.size() == 2
                        && fins.stream().allMatch(e -> e.micros() >= lastClose), "ends: " + fins.stream().map(TapEvent::label).toList());
                String first = fins.get(0).direction() == Direction.SERVER_TO_CLIENT ? "the server" : "the client";
                System.out.println("the first FIN came from " + first + ".");
                Figures.publish("clean-first-fin", first);
            }
            case "too-big" -> {
                Claims.check("the server's close frame said 1009", !codes.isEmpty() && codes.get(0) == 1009
                        && closes.get(0).masked() == false, "close frames: " + codes);
                long serverFin = ends(seen).stream().filter(e -> e.direction() == Direction.SERVER_TO_CLIENT)
                        .mapToLong(TapEvent::micros).findFirst().orElse(Long.MAX_VALUE);
                long clientClose = seen.stream().filter(e -> isClose(e) && e.direction() == Direction.CLIENT_TO_SERVER)
                        .mapToLong(TapEvent::micros).findFirst().orElse(Long.MAX_VALUE);
                long serverClose = seen.stream().filter(e -> isClose(e) && e.direction() == Direction.SERVER_TO_CLIENT)
                        .mapToLong(TapEvent::micros).findFirst().orElse(Long.MAX_VALUE);
                long sentBefore = seen.stream().filter(e -> e.frame() != null && e.direction() == Direction.CLIENT_TO_SERVER
                        && e.micros() <= serverClose).mapToLong(e -> e.frame().payloadLength()).sum();
                System.out.printf(Locale.ROOT, "the client had sent %,d B of the message before the server's close frame.%n", sentBefore);
                Claims.check("more than the limit was on the wire before the server's answer came back", sentBefore > LIMIT,
                        sentBefore + " B sent, limit " + LIMIT);
                String order = serverFin < clientClose ? "before" : "after"; // a race: Tyrus does not wait for the answer
                System.out.println("the server's FIN came " + order + " the client's close frame.");
                Figures.publish("too-big-fin-order", order);
            }
            case "bad-utf8" -> Claims.check("the server closed with 1007 and the client sent no close frame",
                    codes.equals(List.of(1007)), "close frames: " + codes);
            case "unmasked" -> Claims.check("with the guard, the only close frame was the server's 1002, before any echo",
                    codes.equals(List.of(1002)) && closes.get(0).masked() == false && echoes(seen) == 0,
                    "close frames: " + codes + ", echoes: " + echoes(seen));
            case "unmasked-bare" -> Claims.check("Tyrus alone echoed the unmasked frame and sent no 1002",
                    echoes(seen) == 1 && !codes.contains(1002), "close frames: " + codes + ", echoes: " + echoes(seen));
            case "killed" -> Claims.check("no close frame was on the wire, and @OnClose said 1006",
                    codes.isEmpty() && serverCode == 1006, "close frames: " + codes + ", @OnClose: " + serverCode);
            default -> throw new IllegalStateException(which);
        }
    }

    static boolean isClose(TapEvent event) {
        return event.frame() != null && event.frame().opcode() == Frame.CLOSE;
    }

    static List<TapEvent> ends(List<TapEvent> seen) {
        return seen.stream().filter(e -> e.kind() == TapEvent.Kind.END).toList();
    }

    /** Text frames from the server on the misbehaving connection. */
    static long echoes(List<TapEvent> seen) {
        return seen.stream().filter(e -> e.frame() != null && e.frame().opcode() == Frame.TEXT
                && e.direction() == Direction.SERVER_TO_CLIENT).count();
    }

    // tag::clean[]
    static void clean(WireTap tap) throws Exception {
        System.out.println("clean: the client says hello, then closes with 1000.");
        WebSocketClient client = WebSocketClient.connect(tap.wsUri("/echo"));
        client.send("hello").receive();
        client.close(1000, "done");
        System.out.println("client saw: " + client.closeCode() + " \"" + client.closeReason() + "\"");
        Figures.publish("clean-client-code", client.closeCode());
    }
    // end::clean[]

    // tag::too-big[]
    static void tooBig(WireTap tap) throws Exception {
        int size = 100_000;
        System.out.printf(Locale.ROOT, "too-big: a text message of %,d B; the limit is %,d B.%n", size, LIMIT);
        WebSocketClient client = WebSocketClient.connect(tap.wsUri("/echo"));
        client.send("x".repeat(size));
        if (!client.awaitClose(Duration.ofSeconds(5))) throw new IllegalStateException("no close within 5 s");
        System.out.println("client saw: " + client.closeCode() + " \"" + client.closeReason() + "\"");
        Figures.publish("too-big-client-code", client.closeCode());
        Figures.publish("too-big-size", String.format(Locale.ROOT, "%,d", size));
        Figures.publish("too-big-limit", String.format(Locale.ROOT, "%,d", LIMIT));
    }
    // end::too-big[]

    // tag::bad-utf8[]
    static void badUtf8(WireTap tap) throws Exception {
        byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28}; // a lead byte, then no continuation byte
        System.out.println("bad-utf8: a text frame carrying c3 28, which is not UTF-8.");
        try (RawClient raw = new RawClient(tap.port(), "/echo")) {
            raw.write(Frame.encode(true, Frame.TEXT, notUtf8, new byte[] {9, 8, 7, 6}));
            System.out.println("client read: " + raw.readWhatComes());
        }
    }
    // end::bad-utf8[]

    // tag::unmasked[]
    static void unmasked(WireTap tap, String which) throws Exception {
        System.out.println(which + ": a text frame with no mask (RFC 6455 §5.1 forbids it), "
                + (which.equals("unmasked") ? "to the kit's server (Tyrus behind the kit's guard)." : "to Tyrus as it ships, no guard."));
        try (RawClient raw = new RawClient(tap.port(), "/echo")) {
            raw.write(Frame.encode(true, Frame.TEXT, "unmasked hello".getBytes(StandardCharsets.UTF_8), null)); // <1>
            String answer = raw.readWhatComes();
            System.out.println("client read: " + answer);
            Figures.publish(which + "-answer", answer);
            if (answer.startsWith("text")) { // the server took it as a message: end politely
                raw.write(Frame.encode(true, Frame.CLOSE, new byte[] {0x03, (byte) 0xE8}, new byte[] {1, 2, 3, 4})); // close 1000, masked
                System.out.println("client sent close 1000; it read: " + raw.readWhatComes());
            } else {
                System.out.println("then the client read: " + raw.readWhatComes());
            }
        }
    }
    // end::unmasked[]

    // tag::killed[]
    static void killed(WireTap tap) throws Exception {
        System.out.println("killed: a client in its own JVM gets an echo, then SIGKILL.");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ClosingOnTheWire.class.getName(), "--child", tap.wsUri("/echo").toString())
                .redirectErrorStream(true).start();
        try {
            String line = awaitLine(child, "connected, echo: ", Duration.ofSeconds(20)); // the child has its echo
            System.out.println("child said: " + line);
            long pid = child.pid();
            child.destroyForcibly(); // kill -9: no close frame, the kernel closes the socket
            if (!child.waitFor(5, TimeUnit.SECONDS)) throw new IllegalStateException("child did not die");
            System.out.println("child " + pid + " killed, exit status " + child.exitValue());
            // A peer that vanishes without even a FIN: how often Linux retransmits unacknowledged data first
            Path retries = Path.of("/proc/sys/net/ipv4/tcp_retries2");
            if (Files.isReadable(retries)) Figures.publish("tcp-retries2", Files.readAllLines(retries).get(0).trim());
        } finally {
            child.destroyForcibly();
        }
    }

    /** The first line of the child's output that starts with {@code prefix}, waiting at most {@code limit}. */
    static String awaitLine(Process child, String prefix, Duration limit) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) lines.add(line);
            } catch (IOException e) {
                // the child is gone; the deadline below reports it
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + limit.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) break;
            if (line.startsWith(prefix)) return line;
            System.out.println("child (other output): " + line); // a JVM warning, say: shown, not taken for the echo
        }
        throw new IllegalStateException("the child did not report its echo within " + limit.toSeconds() + " s");
    }

    /** The killed client: connects, gets one echo, says so, and waits to be killed (at most 20 s). */
    static void child(URI uri) throws Exception {
        WebSocketClient client = WebSocketClient.connect(uri);
        System.out.println("connected, echo: " + client.send("hello from the child").receive());
        System.out.flush();
        client.awaitClose(Duration.ofSeconds(20));
    }
    // end::killed[]

    /** One tap event as a line (→ client to server, ← back); close and unmasked frames with their bytes. */
    static void show(TapEvent event) {
        String arrow = event.direction() == Direction.CLIENT_TO_SERVER ? "→" : "←";
        Frame frame = event.frame();
        String what = frame == null ? event.label()
                : frame.label() + (frame.opcode() == Frame.CLOSE && frame.payloadLength() > 2
                        ? " \"" + new String(frame.payload(), 2, frame.payloadLength() - 2, StandardCharsets.UTF_8) + "\"" : "")
                  + (frame.masked() ? ", masked" : ", not masked") + " (" + frame.wireLength() + " B)";
        System.out.printf(Locale.ROOT, "%9.3f ms  %s %s%n", event.micros() / 1000.0, arrow, what);
        boolean small = frame != null && (frame.opcode() == Frame.CLOSE || frame.payloadLength() <= 16);
        if (small && (frame.opcode() == Frame.CLOSE || event.direction() == Direction.CLIENT_TO_SERVER)) {
            System.out.println("              bytes: " + hex(Frame.encode(frame.fin(), frame.opcode(), frame.payload(),
                    frame.masked() ? frame.maskKey() : null)));
            if (frame.masked()) System.out.println("              payload unmasked: " + hex(frame.payload()));
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 8); i++) out.append(String.format(Locale.ROOT, "%02x ", bytes[i] & 0xFF));
        return out.toString().trim() + (bytes.length > 8 ? " …" : "");
    }

    /** A WebSocket client by hand on a plain socket, to send frames no library would send. */
    static final class RawClient implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;

        RawClient(int port, String path) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(2000); // every read is bounded
            in = socket.getInputStream();
            socket.getOutputStream().write(Handshake.request("127.0.0.1", port, path, Handshake.newKey()));
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) throw new IOException("closed during the handshake");
                head.write(b);
            }
            if (!head.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101")) throw new IOException("no 101: " + head);
        }

        void write(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
        }

        /** The next frame from the server, or what happened instead: end of stream, or silence. */
        String readWhatComes() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                Frame frame;
                while ((frame = Frame.parse(bytes.toByteArray(), 0, bytes.size())) == null) {
                    int b = in.read();
                    if (b < 0) return "end of stream (the server closed TCP)";
                    bytes.write(b);
                }
                return frame.opcode() == Frame.TEXT ? "text frame \"" + frame.text() + "\"" : frame.label() + " frame";
            } catch (SocketTimeoutException e) {
                return "nothing within 2 s";
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
