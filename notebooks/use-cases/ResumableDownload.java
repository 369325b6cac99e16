///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Where HTTP wins: a download resumed with Range (206), revalidated with ETag/If-None-Match (304), Cache-Control
//JAVA 17+
//SOURCES ../_kit/*.java

import java.util.Locale;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import static java.net.http.HttpResponse.BodyHandlers.ofByteArray;
import static java.net.http.HttpResponse.BodyHandlers.ofInputStream;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kit.*;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

public class ResumableDownload {

    static final int SIZE = 1 << 20;          // a 1 MiB file
    static final int CUT_AFTER = 400 * 1024;  // the first download breaks off here
    static final int MAX_AGE_S = 60;          // how long any cache may reuse a response without asking

    // tag::server[]
    /** GET /files/report.bin, as a static file server answers. */
    static void serve(byte[] file, Request req, Response res)
            throws Exception {
        String etag = etag(file);
        res.setHeader("ETag", etag);                  // <1>
        res.setHeader("Cache-Control", "max-age=" + MAX_AGE_S); // <2>
        res.setHeader("Accept-Ranges", "bytes");      // <3>
        if (etag.equals(req.getHeader("If-None-Match"))) {
            res.setStatus(304);                       // <4>
            return;
        }
        String ifRange = req.getHeader("If-Range");
        boolean same = ifRange == null || ifRange.equals(etag);
        Matcher range = Pattern.compile("bytes=(\\d+)-")
                .matcher(String.valueOf(req.getHeader("Range")));
        if (range.matches() && same) {
            int first = Integer.parseInt(range.group(1));
            int size = file.length;
            if (first >= size) {
                res.setStatus(416);                   // <5>
                res.setHeader("Content-Range", "bytes */" + size);
                return;
            }
            res.setStatus(206);                       // <6>
            String span = first + "-" + (size - 1) + "/" + size;
            res.setHeader("Content-Range", "bytes " + span);
            write(res, Arrays.copyOfRange(file, first, size));
            return;
        }
        write(res, file);                             // 200: all
    }
    // end::server[]

    public static void main(String[] args) throws Exception {
        Figures.publish("max-age-s", MAX_AGE_S);
        AtomicReference<byte[]> content = new AtomicReference<>(randomBytes(1));
        DemoServer.Builder builder = DemoServer.builder()
                .route("/files/report.bin", (req, res) -> serve(content.get(), req, res));
        HttpClient http = Clients.http();
        try (DemoServer server = builder.start(); WireTap tap = WireTap.in(server).start()) {
            fileUri = tap.httpUri("/files/report.bin");

            // tag::client[]
            // 1. The download breaks off after 400 KiB: we stop
            //    reading and close, as a failing network would.
            var first = http.send(file().build(), ofInputStream());
            String etag = first.headers().firstValue("ETag").get();
            byte[] part;
            try (InputStream body = first.body()) {
                part = body.readNBytes(CUT_AFTER);
            }
            show("GET", first, "broke off, kept " + kib(part));

            // 2. Resume: the rest, if it is still this version.
            var rest = http.send(file() // <7>
                    .header("Range", "bytes=" + part.length + "-")
                    .header("If-Range", etag)
                    .build(), ofByteArray());
            byte[] whole = concat(part, rest.body());
            boolean intact = Arrays.equals(whole, content.get());
            show("GET Range: bytes=" + part.length + "-", rest,
                    kib(rest.body()) + ", file intact: " + intact);

            // 3. A minute later: is my copy still good?
            var again = http.send(file()
                    .header("If-None-Match", etag) // <8>
                    .build(), ofByteArray());
            show("GET If-None-Match", again, "keep my copy");

            // 4. The file changes; the same resume gets all of it.
            content.set(randomBytes(2));
            var changed = http.send(file()
                    .header("Range", "bytes=" + part.length + "-")
                    .header("If-Range", etag)
                    .build(), ofByteArray());
            show("GET Range + old If-Range", changed,
                    kib(changed.body()) + ", no mixed versions");
            // end::client[]
            tap.await(events -> events.stream().filter(e -> e.head() != null && !e.head().isRequest()).count() == 4,
                    Duration.ofSeconds(5));
            List<TapEvent> heads = tap.timeline().stream().filter(e -> e.head() != null).toList();
            TapEvent notModified = heads.stream().filter(e -> e.head().startLine().contains(" 304 ")).findFirst().orElseThrow();
            System.out.println();
            System.out.println("The 304, whole, as the tap saw it (" + notModified.bytes() + " B):");
            System.out.println("  " + notModified.head().text().strip().replace("\n", "\n  "));
            System.out.println();
            System.out.println("A WebSocket has none of this built in:");
            System.out.println("no byte ranges, no validators, no cache");
            System.out.println("that understands its messages.");

            SequenceDiagram.write(labelled(heads), Figures.file("resume-sequence.svg"));
            Figures.publish("resume-size", String.format(Locale.ROOT, "%,d B", SIZE));
            Figures.publish("resume-kept", String.format(Locale.ROOT, "%,d B", part.length));
            Figures.publish("resume-rest", String.format(Locale.ROOT, "%,d B", rest.body().length));
            Figures.publish("resume-status", rest.statusCode());
            Figures.publish("resume-intact", intact ? "intact" : "NOT intact");
            Figures.publish("resume-304-bytes", String.format(Locale.ROOT, "%,d B", notModified.bytes()));
            Figures.publish("resume-changed-status", changed.statusCode());
            Claims.check("the resume got 206 with only the missing bytes, and the joined file is intact",
                    rest.statusCode() == 206 && rest.body().length == SIZE - part.length && intact,
                    rest.statusCode() + ", " + rest.body().length + " B, intact: " + intact);
            Claims.check("revalidating got 304 with no body", again.statusCode() == 304 && again.body().length == 0,
                    again.statusCode() + ", " + again.body().length + " B");
            Claims.check("once the file had changed, the same resume got 200 and the whole new file",
                    changed.statusCode() == 200 && Arrays.equals(changed.body(), content.get()),
                    changed.statusCode() + ", " + changed.body().length + " B");
        }
    }

    static URI fileUri;

    /** A new request for the file, with a bounded wait. */
    static HttpRequest.Builder file() {
        return HttpRequest.newBuilder(fileUri).timeout(Duration.ofSeconds(5));
    }

    /** One exchange, in a few lines. */
    static void show(String request, HttpResponse<?> response, String what) {
        System.out.println(request);
        System.out.println("  -> " + response.statusCode() + ", " + what);
    }

    static String kib(byte[] bytes) {
        return String.format(Locale.ROOT, "%,d B", bytes.length);
    }

    /** Heads only, each labelled with the fields that matter here, for the diagram. */
    static List<TapEvent> labelled(List<TapEvent> heads) {
        List<TapEvent> out = new ArrayList<>();
        for (TapEvent e : heads) {
            HttpHead h = e.head();
            String label = h.isRequest()
                    ? "GET" + (h.field("Range") != null ? " Range: " + h.field("Range") : "")
                            + (h.field("If-None-Match") != null ? " If-None-Match" : "") + (h.field("If-Range") != null ? " + If-Range" : "")
                    : h.startLine().replace("HTTP/1.1 ", "") + (h.field("Content-Length") != null ? ", " + h.field("Content-Length") + " B" : "");
            HttpHead shown = new HttpHead(h.isRequest() ? label + " HTTP/1.1" : "HTTP/1.1 " + label, h.fields(), h.length());
            out.add(new TapEvent(e.micros(), e.connection(), e.direction(), e.kind(), e.summary(), e.bytes(), shown, null, null));
        }
        return out;
    }

    static void write(Response res, byte[] body) throws Exception {
        res.setContentType("application/octet-stream");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }

    static String etag(byte[] file) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(file);
        return "\"" + HexFormat.of().formatHex(hash, 0, 8) + "\""; // a strong validator: quoted, exact bytes
    }

    static byte[] randomBytes(long seed) {
        byte[] bytes = new byte[SIZE];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
