///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION HTTP moves data both ways: a 1 MiB POST measured on the wire, bytes up against bytes down
//JAVA 17+
//SOURCES ../_kit/*.java

import java.util.Locale;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import kit.*;

public class Upload {

    static final int SIZE = 1024 * 1024; // the upload, in bytes: 1 MiB

    public static void main(String[] args) throws Exception {
        java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong(-1); // what the server read
        // tag::upload[]
        try (DemoServer server = DemoServer.builder()
                     .route("/upload", (request, response) -> {
                         byte[] body = request.getInputStream().readAllBytes();   // the request's body: data going UP
                         received.set(body.length);
                         String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
                         String answer = "got " + body.length + " B, sha-256 " + digest.substring(0, 16);
                         response.setContentType("text/plain");
                         response.setContentLength(answer.length());
                         response.getWriter().write(answer);
                     })
                     .start();
             WireTap tap = WireTap.in(server).start()) {
            byte[] file = new byte[SIZE];
            new Random(6455).nextBytes(file);                                   // SIZE bytes of something
            long start = System.nanoTime();
            HttpResponse<String> response = Clients.http().send(
                    HttpRequest.newBuilder(tap.httpUri("/upload")).POST(HttpRequest.BodyPublishers.ofByteArray(file)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - start) / 1_000_000;
            // end::upload[]
            List<TapEvent> events = tap.await(e -> e.stream().filter(x -> x.kind() == TapEvent.Kind.BODY).count() == 2,
                    Duration.ofSeconds(5));

            // tag::count[]
            long up = tap.bytes(Direction.CLIENT_TO_SERVER), down = tap.bytes(Direction.SERVER_TO_CLIENT);
            System.out.println("server said: " + response.body());
            System.out.println("sha-256 here: " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)).substring(0, 16));
            System.out.println();
            System.out.print(new Table("direction", "bytes")
                    .row(Direction.CLIENT_TO_SERVER, up)
                    .row(Direction.SERVER_TO_CLIENT, down));
            System.out.printf(Locale.ROOT, "%nThe request carried %,d times as many bytes%nas the response, in %d ms.%n", up / down, millis);
            // end::count[]
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)).substring(0, 16);
            long bodyUp = events.stream().filter(e -> e.kind() == TapEvent.Kind.BODY && e.direction() == Direction.CLIENT_TO_SERVER)
                    .mapToLong(TapEvent::bytes).sum();
            Claims.check("the server read the whole body, byte for byte", received.get() == SIZE && bodyUp == SIZE
                    && response.body().endsWith(digest), "server read " + received.get() + " B, tap saw " + bodyUp + " B of body");
            Claims.check("the request carried far more than the response: over a hundred times as many bytes", up > 100 * down,
                    up + " B up, " + down + " B down");
            System.out.println("Data went up, to the server. What HTTP did not");
            System.out.println("allow is the other thing: the server could not");
            System.out.println("have started this exchange. It answered, once,");
            System.out.println("because it was asked.");

            Figures.publish("upload-mib", SIZE / (1024 * 1024));
            Figures.publish("upload-body-bytes", String.format(Locale.ROOT, "%,d", bodyUp));
            Figures.publish("upload-bytes-up", String.format(Locale.ROOT, "%,d", up));
            Figures.publish("upload-bytes-down", String.format(Locale.ROOT, "%,d", down));
            Figures.publish("upload-ratio", String.format(Locale.ROOT, "%,d", up / down));
            Figures.publish("upload-ms", millis);
            SequenceDiagram.write(events, Figures.file("upload.svg"));
        }
    }
}
