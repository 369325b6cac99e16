import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real nginx (the Debian package) as a reverse proxy in front of a backend on 127.0.0.1,
 * with the two lines a WebSocket needs ({@code Upgrade}, {@code Connection}) and nginx's
 * default access log. It runs in the foreground from a scratch folder and is ended with
 * the JVM's handle on it.
 */
final class Nginx implements AutoCloseable {

    final int port;
    final Path accessLog;
    private final Process process;
    private final Path dir;

    private Nginx(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.accessLog = dir.resolve("access.log");
        this.process = process;
    }

    static Nginx proxyTo(int backendPort) throws Exception {
        Path dir = Files.createTempDirectory("nginx-");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort(); // nginx cannot be asked for port 0 and tell us; take one the system just gave out
        }
        String temp = String.join("\n", List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi").stream()
                .map(t -> "  " + t + "_temp_path " + dir.resolve(t) + ";").toList());
        Files.writeString(dir.resolve("nginx.conf"), """
                pid %1$s/nginx.pid;
                events {}
                http {
                  access_log %1$s/access.log;
                %2$s
                  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / {
                      proxy_pass http://127.0.0.1:%4$d;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection $connection_upgrade;
                    }
                  }
                }
                """.formatted(dir, temp, port, backendPort), StandardCharsets.UTF_8);
        String binary = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        Process process;
        try {
            process = new ProcessBuilder(binary, "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                "-c", dir.resolve("nginx.conf").toString(), "-g", "daemon off; master_process off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            System.err.println("nginx is needed for this demo and was not found (" + e.getMessage() + "); on Debian: apt-get install nginx");
            System.exit(2);
            throw e;
        }
        Nginx nginx = new Nginx(port, dir, process);
        try {
            nginx.awaitListening();
        } catch (Exception e) {
            nginx.close();
            throw e;
        }
        return nginx;
    }

    /** Connects until nginx accepts, for at most 10 s. */
    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            if (!process.isAlive()) throw new IOException("nginx exited: " + Files.readString(dir.resolve("error.log")));
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) throw new TimeoutException("nginx did not listen within 10 s");
                process.waitFor(20, TimeUnit.MILLISECONDS); // returns early if nginx dies
            }
        }
    }

    /**
     * The access log's lines once it has {@code count} of them. nginx writes a WebSocket's line
     * when the connection ends; this waits for the file to change, at most 10 s.
     */
    List<String> awaitLog(int count) throws Exception {
        try (WatchService watch = dir.getFileSystem().newWatchService()) {
            dir.register(watch, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                List<String> lines = Files.exists(accessLog) ? Files.readAllLines(accessLog, StandardCharsets.UTF_8) : List.of();
                if (lines.size() >= count) return lines;
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new TimeoutException("the access log has " + lines.size() + " lines, not " + count);
                var key = watch.poll(left, TimeUnit.NANOSECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
