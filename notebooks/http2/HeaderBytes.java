///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION HPACK on the wire: header bytes of the 1st and the 10th identical request over HTTP/2, against the same requests over HTTP/1.1
//JAVA 17+
//DEPS org.eclipse.jetty:jetty-server:12.1.14
//DEPS org.eclipse.jetty.http2:jetty-http2-server:12.1.14
//DEPS org.eclipse.jetty.http2:jetty-http2-client-transport:12.1.14
//DEPS org.slf4j:slf4j-nop:2.0.17
//SOURCES ../_kit/*.java
//SOURCES H2Wire.java
//SOURCES StreamLanes.java

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kit.*;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

public class HeaderBytes {

    static final int POLLS = 10;

    public static void main(String[] args) throws Exception {
        Server server = new Server(); // Jetty: HTTP/1.1 and h2c on one port; every GET answers "ok"
        HttpConfiguration config = new HttpConfiguration();
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config), new HTTP2CServerConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.write(true, java.nio.ByteBuffer.wrap(new byte[] {'o', 'k'}), callback);
                return true;
            }
        });
        H2Wire jdkWire = new H2Wire(), jettyWire = new H2Wire();
        org.eclipse.jetty.client.HttpClient jetty = new org.eclipse.jetty.client.HttpClient(
                new HttpClientTransportOverHTTP2(new HTTP2Client(new ClientConnector())));
        try {
            server.start();
            jetty.start();
            int port = connector.getLocalPort();
            try (WireTap h2Tap = WireTap.to(port).observe(jdkWire).start();
                 WireTap jettyTap = WireTap.to(port).observe(jettyWire).start();
                 WireTap h1Tap = WireTap.to(port).start()) {
                // tag::polls[]
                HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
                HttpClient h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                h2.send(HttpRequest.newBuilder(h2Tap.httpUri("/poll")).build(), HttpResponse.BodyHandlers.discarding()); // the h2c upgrade
                for (int i = 0; i < POLLS; i++) { // the same poll, ten times, three ways
                    h1.send(HttpRequest.newBuilder(h1Tap.httpUri("/poll")).build(), HttpResponse.BodyHandlers.discarding());
                    h2.send(HttpRequest.newBuilder(h2Tap.httpUri("/poll")).build(), HttpResponse.BodyHandlers.discarding());
                    jetty.newRequest(jettyTap.httpUri("/poll")).timeout(10, TimeUnit.SECONDS).send(); // HTTP/2 with prior knowledge
                }
                // end::polls[]
                List<H2Wire.H2Frame> jdkFrames = jdkWire.await(f -> f.type().equals("DATA") && f.endStream(), POLLS + 1, Duration.ofSeconds(5));
                List<H2Wire.H2Frame> jettyFrames = jettyWire.await(f -> f.type().equals("DATA") && f.endStream(), POLLS, Duration.ofSeconds(5));
                List<TapEvent> h1Heads = h1Tap.await(events -> events.stream().filter(e -> e.kind() == TapEvent.Kind.HEAD).count() == 2 * POLLS,
                        Duration.ofSeconds(5)).stream().filter(e -> e.kind() == TapEvent.Kind.HEAD).toList();
                // tag::count[]
                // An HTTP/2 message's header cost: its HEADERS frame, 9 B of frame header plus the HPACK block (RFC 9113 §4.1, §6.2)
                List<Integer> jdkUp = headerBytes(jdkFrames, Direction.CLIENT_TO_SERVER), jdkDown = headerBytes(jdkFrames, Direction.SERVER_TO_CLIENT);
                List<Integer> jettyUp = headerBytes(jettyFrames, Direction.CLIENT_TO_SERVER);
                List<Integer> h1Up = h1Heads.stream().filter(e -> e.direction() == Direction.CLIENT_TO_SERVER).map(TapEvent::bytes).toList();
                List<Integer> h1Down = h1Heads.stream().filter(e -> e.direction() == Direction.SERVER_TO_CLIENT).map(TapEvent::bytes).toList();
                // end::count[]
                Table table = new Table("poll", "HTTP/1.1 request", "HTTP/2 request (JDK)", "HTTP/2 request (Jetty)", "HTTP/1.1 response", "HTTP/2 response");
                for (int i = 0; i < POLLS; i++) {
                    table.row(String.valueOf(i + 1), h1Up.get(i) + " B", jdkUp.get(i) + " B", jettyUp.get(i) + " B", h1Down.get(i) + " B", jdkDown.get(i) + " B");
                }
                System.out.println("header bytes of each poll (HTTP/1.1: the head; HTTP/2: the HEADERS frame):");
                System.out.print(table);
                System.out.println();
                System.out.println("the 1st and the 10th request of each HTTP/2 client, as HPACK decoded them:");
                for (List<H2Wire.H2Frame> frames : List.of(jdkFrames, jettyFrames)) {
                    List<H2Wire.H2Frame> requests = requests(frames);
                    for (H2Wire.H2Frame f : List.of(requests.get(0), requests.get(POLLS - 1))) {
                        System.out.println("  " + f.label());
                        f.fields().stream().filter(x -> !x.startsWith(":")).forEach(x -> System.out.println("      " + x));
                    }
                }
                int plain = h1Up.get(POLLS - 1), jdkFirst = jdkUp.get(0), jdkTenth = jdkUp.get(POLLS - 1);
                int jettyFirst = jettyUp.get(0), jettyTenth = jettyUp.get(POLLS - 1);
                int poll1 = plain + h1Down.get(POLLS - 1), poll2 = jdkTenth + jdkDown.get(POLLS - 1);
                System.out.printf(Locale.ROOT, "%nthe 10th poll's headers, both ways: %d B over HTTP/1.1, %d B over HTTP/2 (JDK client)%n", poll1, poll2);
                Claims.check("Every HTTP/1.1 request head was the same size: HTTP/1.1 sends it all again",
                        h1Up.stream().distinct().count() == 1, "sizes: " + h1Up);
                Claims.check("Already the 1st HTTP/2 request's headers took fewer bytes than the HTTP/1.1 head, with either client",
                        jdkFirst < plain && jettyFirst < plain, "JDK " + jdkFirst + " B, Jetty " + jettyFirst + " B, HTTP/1.1 " + plain + " B");
                Claims.check("Jetty's 10th request took under a third of its 1st: the rest came from the dynamic table",
                        3 * jettyTenth < jettyFirst, jettyFirst + " B, then " + jettyTenth + " B");
                Claims.check("The JDK client's 10th request took about what its 1st did (at least 90 %): it indexed almost nothing",
                        10 * jdkTenth >= 9 * jdkFirst, jdkFirst + " B, then " + jdkTenth + " B");
                Claims.check("The 10th poll's headers both ways took fewer bytes over HTTP/2 than over HTTP/1.1", poll2 < poll1,
                        poll2 + " B against " + poll1 + " B");
                Figures.publish("h1-request-head", plain);
                Figures.publish("h1-response-head", h1Down.get(POLLS - 1));
                Figures.publish("jdk-first", jdkFirst);
                Figures.publish("jdk-tenth", jdkTenth);
                Figures.publish("jetty-first", jettyFirst);
                Figures.publish("jetty-tenth", jettyTenth);
                Figures.publish("response-first", jdkDown.get(0));
                Figures.publish("response-tenth", jdkDown.get(POLLS - 1));
                Figures.publish("poll-h1-bytes", poll1);
                Figures.publish("poll-h2-bytes", poll2);
                Figures.publish("polls", POLLS);
            }
        } finally {
            jetty.stop();
            server.stop();
        }
    }

    static List<H2Wire.H2Frame> requests(List<H2Wire.H2Frame> frames) {
        return frames.stream().filter(f -> f.type().equals("HEADERS") && f.direction() == Direction.CLIENT_TO_SERVER).toList();
    }

    /** Frame header plus HPACK block of each HEADERS frame one way, leaving out stream 1 of an h2c upgrade (its request was HTTP/1.1). */
    static List<Integer> headerBytes(List<H2Wire.H2Frame> frames, Direction direction) {
        boolean upgraded = requests(frames).stream().noneMatch(f -> f.stream() == 1);
        return frames.stream().filter(f -> f.type().equals("HEADERS") && f.direction() == direction && !(upgraded && f.stream() == 1))
                .map(f -> 9 + f.length()).toList();
    }
}
