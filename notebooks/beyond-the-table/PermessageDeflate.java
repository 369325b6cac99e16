///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION permessage-deflate (RFC 7692): a repetitive JSON stream on the wire with and without compression
//JAVA 17+
//DEPS org.glassfish.tyrus:tyrus-client:2.2.2
//DEPS org.glassfish.tyrus:tyrus-container-grizzly-client:2.2.2
//SOURCES ../_kit/*.java

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import kit.*;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.core.extension.ExtendedExtension;
import org.glassfish.tyrus.core.frame.Frame;

public class PermessageDeflate {

    static final int TICKS = 200;

    public static void main(String[] args) throws Exception {
        // tag::config[]
        ServerEndpointConfig ticker = ServerEndpointConfig.Builder.create(Ticker.class, "/ticker")
                .extensions(List.of(new PerMessageDeflate())) // <1>
                .build();
        // end::config[]
        try (DemoServer server = DemoServer.builder().endpoint(ticker).start()) {
            Run deflated = tyrus(server, true);
            Run plain = tyrus(server, false);
            Run jdk = jdk(server);

            System.out.printf(Locale.ROOT, "%d ticks each, %,d B of JSON:%n", TICKS, plain.jsonBytes);
            Table table = new Table("client", "101 agreed to", "on the wire");
            for (Run run : List.of(deflated, plain, jdk)) table.row(run.client, run.extensions, String.format(Locale.ROOT, "%,d B", run.wireBytes));
            System.out.println();
            System.out.print(table);
            System.out.printf(Locale.ROOT, "%nCompressed, the stream took %.1f%% of the bytes.%n",
                    100.0 * deflated.wireBytes / plain.wireBytes);
            System.out.printf(Locale.ROOT, "RSV1 set on compressed frames: %s%n", deflated.rsv1);
            System.out.printf(Locale.ROOT, "compressed: first tick %d B on the wire, last %d B;%n  uncompressed: first tick %d B%n",
                    deflated.first, deflated.last, plain.first);
            Claims.check("compressed, the same ticks took fewer bytes on the wire", deflated.wireBytes < plain.wireBytes,
                    deflated.wireBytes + " B against " + plain.wireBytes + " B");
            Claims.check("the 101 agreed to permessage-deflate only for the client that asked, and marked its frames with RSV1",
                    deflated.extensions.contains("permessage-deflate") && deflated.rsv1
                            && plain.extensions.equals("(none)") && jdk.extensions.equals("(none)"),
                    deflated.extensions + " / " + plain.extensions + " / " + jdk.extensions);
            Claims.check("by the end a compressed tick took fewer bytes than the first", deflated.last < deflated.first,
                    "first " + deflated.first + " B, last " + deflated.last + " B");
            Claims.check("the JDK client got the stream uncompressed", jdk.wireBytes >= plain.wireBytes * 9 / 10,
                    jdk.wireBytes + " B against the plain Tyrus client's " + plain.wireBytes + " B");
            Figures.publish("ticks", TICKS);
            Figures.publish("deflate-wire", String.format(Locale.ROOT, "%,d B", deflated.wireBytes));
            Figures.publish("plain-wire", String.format(Locale.ROOT, "%,d B", plain.wireBytes));
            Figures.publish("jdk-wire", String.format(Locale.ROOT, "%,d B", jdk.wireBytes));
            Figures.publish("json-bytes", String.format(Locale.ROOT, "%,d B", plain.jsonBytes));
            Figures.publish("deflate-percent", String.format(Locale.ROOT, "%.1f%%", 100.0 * deflated.wireBytes / plain.wireBytes));
            Figures.publish("deflate-first", deflated.first + " B");
            Figures.publish("deflate-last", deflated.last + " B");
            Figures.publish("plain-first", plain.first + " B");
        }
    }

    // tag::server[]
    /** On "go N", sends N price ticks: JSON that changes little from one message to the next. */
    public static class Ticker extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) command -> {
                try {
                    int count = Integer.parseInt(command.substring(3));
                    for (int i = 1; i <= count; i++) session.getBasicRemote().sendText(tick(i));
                    session.getBasicRemote().sendText("done");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }

        static String tick(int i) {
            return String.format(Locale.ROOT, "{\"type\":\"tick\",\"symbol\":\"ACME\",\"price\":%.2f,\"volume\":%d,"
                    + "\"seq\":%d,\"time\":\"2026-01-01T12:00:%02d.%03dZ\"}", 101 + (i % 17) * 0.05, 1000 + (i % 7) * 100,
                    i, (i / 20) % 60, (i * 50) % 1000);
        }
    }
    // end::server[]

    record Run(String client, String extensions, int messages, long jsonBytes, long wireBytes, int first, int last, boolean rsv1) {}

    // tag::tyrus[]
    /** The Tyrus client, asking for permessage-deflate or not. */
    static Run tyrus(DemoServer server, boolean deflate) throws Exception {
        ClientManager client = ClientManager.createClient();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .extensions(deflate ? List.of(new PerMessageDeflate()) : List.of()) // <2>
                .build();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (WireTap tap = WireTap.in(server).start()) {
            Session session = client.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig config) {
                    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) received::add);
                }
            }, config, tap.wsUri("/ticker"));
            session.getBasicRemote().sendText("go " + TICKS);
            List<String> ticks = until(received, "done");
            session.close();
            return measure(deflate ? "Tyrus + deflate" : "Tyrus", tap, ticks);
        } finally {
            client.shutdown();
        }
    }
    // end::tyrus[]

    // tag::jdk[]
    /** The JDK client has no extension API, and may not set the header itself. */
    static Run jdk(DemoServer server) throws Exception {
        try {
            Clients.http().newWebSocketBuilder()
                    .header("Sec-WebSocket-Extensions", "permessage-deflate")
                    .buildAsync(server.wsUri("/ticker"), new java.net.http.WebSocket.Listener() {})
                    .get(5, TimeUnit.SECONDS).abort();
            System.out.println("JDK: the header was sent after all");
        } catch (java.util.concurrent.ExecutionException refused) {
            System.out.println("JDK, asked to send the header:\n  " + refused.getCause());
            Figures.publish("jdk-refusal", refused.getCause().toString());
        }
        try (WireTap tap = WireTap.in(server).start();
             WebSocketClient client = WebSocketClient.connect(tap.wsUri("/ticker"))) {
            client.send("go " + TICKS);
            List<String> ticks = new ArrayList<>();
            for (String text = client.receive(); !text.equals("done"); text = client.receive()) ticks.add(text);
            client.close(1000, "done");
            return measure("JDK", tap, ticks);
        }
    }
    // end::jdk[]

    static List<String> until(BlockingQueue<String> queue, String last) throws InterruptedException {
        List<String> messages = new ArrayList<>();
        while (true) {
            String text = queue.poll(5, TimeUnit.SECONDS);
            if (text == null) throw new IllegalStateException("no message within 5 s after " + messages.size());
            if (text.equals(last)) return messages;
            messages.add(text);
        }
    }

    /** What the tap saw going down: the 101's extension header and the frames that carried ticks. */
    static Run measure(String client, WireTap tap, List<String> ticks) throws Exception {
        List<TapEvent> seen = tap.awaitClosed(Duration.ofSeconds(5));
        String extensions = seen.stream().filter(e -> e.head() != null && e.head().status() == 101)
                .map(e -> String.valueOf(e.head().field("Sec-WebSocket-Extensions"))).findFirst().orElse("null");
        List<kit.Frame> down = tap.frames(Direction.SERVER_TO_CLIENT).subList(0, ticks.size()); // "done" and close follow
        long wire = down.stream().mapToLong(kit.Frame::wireLength).sum();
        long json = ticks.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
        if (ticks.size() != TICKS || !ticks.get(TICKS - 1).equals(Ticker.tick(TICKS))) throw new IllegalStateException("ticks lost");
        return new Run(client, extensions.equals("null") ? "(none)" : extensions, ticks.size(), json, wire,
                down.get(0).wireLength(), down.get(down.size() - 1).wireLength(), (down.get(0).header()[0] & 0x40) != 0);
    }

    // tag::extension[]
    /**
     * RFC 7692 in brief, through Tyrus's extension SPI. Each text or binary message
     * goes out as one frame (fine for these small messages): its payload is raw
     * DEFLATE, flushed with SYNC_FLUSH, minus the 00 00 ff ff that flush always
     * ends with (§7.2.1), and RSV1 set to say "compressed" (§6). The receiver puts
     * the four bytes back and inflates. Both sides keep their window between
     * messages ("context takeover", the default): that is where the gain comes from.
     */
    public static class PerMessageDeflate implements ExtendedExtension {
        private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

        @Override
        public String getName() {
            return "permessage-deflate";
        }

        @Override
        public List<Extension.Parameter> getParameters() {
            return List.of();
        }

        @Override
        public Frame processOutgoing(ExtensionContext context, Frame frame) {
            if (frame.isControlFrame() || !frame.isFin() || frame.getOpcode() == 0) return frame; // sent uncompressed
            Deflater deflater = (Deflater) context.getProperties()
                    .computeIfAbsent("deflater", k -> new Deflater(Deflater.DEFAULT_COMPRESSION, true));
            deflater.setInput(frame.getPayloadData());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            int n;
            do {
                n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                out.write(buffer, 0, n);
            } while (n == buffer.length);
            byte[] compressed = out.toByteArray();
            byte[] payload = Arrays.copyOf(compressed, compressed.length - TAIL.length);
            return Frame.builder(frame).rsv1(true).payloadData(payload).payloadLength(payload.length).build();
        }

        @Override
        public Frame processIncoming(ExtensionContext context, Frame frame) {
            if (!frame.isRsv1() || frame.isControlFrame()) return frame;
            Inflater inflater = (Inflater) context.getProperties().computeIfAbsent("inflater", k -> new Inflater(true));
            byte[] data = frame.getPayloadData();
            byte[] input = Arrays.copyOf(data, data.length + TAIL.length);
            System.arraycopy(TAIL, 0, input, data.length, TAIL.length);
            inflater.setInput(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            try {
                int n;
                while ((n = inflater.inflate(buffer)) > 0) out.write(buffer, 0, n);
            } catch (DataFormatException e) {
                throw new IllegalStateException("not DEFLATE: " + e.getMessage(), e);
            }
            byte[] payload = out.toByteArray();
            return Frame.builder(frame).rsv1(false).payloadData(payload).payloadLength(payload.length).build();
        }

        @Override
        public List<Extension.Parameter> onExtensionNegotiation(ExtensionContext context, List<Extension.Parameter> requested) {
            return List.of(); // server side: accept, with the defaults (window 2^15, context takeover)
        }

        @Override
        public void onHandshakeResponse(ExtensionContext context, List<Extension.Parameter> response) {
            // client side: the defaults the server accepted are the ones used here
        }

        @Override
        public void destroy(ExtensionContext context) {
            if (context.getProperties().get("deflater") instanceof Deflater deflater) deflater.end();
            if (context.getProperties().get("inflater") instanceof Inflater inflater) inflater.end();
        }
    }
    // end::extension[]
}
