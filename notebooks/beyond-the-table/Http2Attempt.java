///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION HTTP/2 here: the JDK client asks for h2c, this server stays on HTTP/1.1, and a WebSocket always opens over HTTP/1.1
//JAVA 17+
//SOURCES ../_kit/*.java

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kit.*;

public class Http2Attempt {

    /** An HTTP2-Settings value: base64url of a SETTINGS payload, 6 bytes per setting (RFC 9113 §6.5.1). */
    static String settings(String base64url) {
        String[] names = {"", "HEADER_TABLE_SIZE", "ENABLE_PUSH", "MAX_CONCURRENT_STREAMS", "INITIAL_WINDOW_SIZE",
                "MAX_FRAME_SIZE", "MAX_HEADER_LIST_SIZE", "", "ENABLE_CONNECT_PROTOCOL"};
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(java.util.Base64.getUrlDecoder().decode(base64url));
        List<String> out = new java.util.ArrayList<>();
        while (bytes.remaining() >= 6) {
            int id = bytes.getShort() & 0xFFFF;
            long value = bytes.getInt() & 0xFFFFFFFFL;
            out.add((id < names.length && !names[id].isEmpty() ? names[id] : "0x" + Integer.toHexString(id)) + "=" + value);
        }
        return String.join(", ", out);
    }

    public static void main(String[] args) throws Exception {
        try (DemoServer server = DemoServer.builder().endpoint(EchoEndpoint.class).get("/hello", r -> "hello\n").start()) {
            // tag::http[]
            HttpClient jdk = Clients.jdkDefault(); // prefers HTTP/2
            System.out.println("the JDK client prefers " + jdk.version());
            try (WireTap tap = WireTap.in(server).start()) {
                HttpResponse<String> response = null;
                for (int i = 0; i < 3; i++) {
                    response = jdk.send(HttpRequest.newBuilder(tap.httpUri("/hello")).build(), HttpResponse.BodyHandlers.ofString());
                }
                List<TapEvent> seen = tap.awaitClosed(Duration.ofSeconds(5));
                showUpgradeOffer(first(seen, true), first(seen, false));
                System.out.println("the response's version: " + response.version());
                System.out.println("3 requests took " + tap.connections() + " TCP connections");
                Figures.publish("h2-response-version", response.version());
                Figures.publish("h2-connections", tap.connections());
            }
            // end::http[]

            // tag::websocket[]
            try (WireTap tap = WireTap.in(server).start()) {
                WebSocket socket = jdk.newWebSocketBuilder().buildAsync(tap.wsUri("/echo"), new WebSocket.Listener() {})
                        .get(5, TimeUnit.SECONDS);
                socket.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
                HttpHead request = first(tap.await(events -> events.stream().anyMatch(e -> e.head() != null), Duration.ofSeconds(5)), true);
                System.out.println();
                System.out.println("the same client opening a WebSocket sends:");
                System.out.println("  " + request.startLine() + "\n  Upgrade: " + request.field("Upgrade")
                        + "\n  HTTP2-Settings: " + (request.field("HTTP2-Settings") == null ? "(none)" : "present"));
                Figures.publish("ws-request", request.startLine() + ", Upgrade: " + request.field("Upgrade"));
                socket.abort();
            }
            // end::websocket[]
        }
    }

    static HttpHead first(List<TapEvent> seen, boolean request) {
        return seen.stream().filter(e -> e.head() != null && e.head().isRequest() == request).findFirst().orElseThrow().head();
    }

    /** The h2c offer (RFC 7540 §3.2, deprecated by RFC 9113 §3.1) and what the server made of it. */
    static void showUpgradeOffer(HttpHead request, HttpHead answer) {
        System.out.println("what it asked, on http://");
        for (String field : List.of("Connection", "Upgrade", "HTTP2-Settings")) {
            System.out.println("  " + field + ": " + request.field(field));
        }
        System.out.println("  = SETTINGS " + settings(request.field("HTTP2-Settings")).replace(", ", "\n             "));
        System.out.println("what Grizzly answered:\n  " + answer.startLine() + ", Connection: " + answer.field("Connection"));
        Figures.publish("h2-asked", "Upgrade: " + request.field("Upgrade"));
        Figures.publish("h2-answer", answer.startLine() + ", Connection: " + answer.field("Connection"));
    }
}
