package kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The proxy's routing, on two real backends: round-robin without a cookie, sticky with one,
 * a refusing backend skipped, a disabled one left out, and X-Forwarded-For appended.
 * (Its HTTP/1.1 behaviour is checked against nginx and HAProxy in proxy.RealProxiesTest.)
 */
class ReverseProxyTest {

    private static DemoServer named(String name) throws Exception {
        return DemoServer.builder().get("/who", request -> name + " " + request.getHeader("X-Forwarded-For")).start();
    }

    private static HttpResponse<String> get(ReverseProxy proxy, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(proxy.httpUri("/who")).timeout(Duration.ofSeconds(10));
        if (cookie != null) request.header("Cookie", cookie);
        return Clients.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void roundRobinWithoutACookieStickyWithOne() throws Exception {
        try (DemoServer a = named("a"); DemoServer b = named("b");
             ReverseProxy proxy = ReverseProxy.to(a.port(), b.port()).sticky("ROUTE").start()) {
            HttpResponse<String> first = get(proxy, null), second = get(proxy, null);
            assertEquals("a 127.0.0.1", first.body());
            assertEquals("b 127.0.0.1", second.body());
            String cookie = second.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            assertEquals("ROUTE=b2", cookie);
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> again = get(proxy, "theme=dark; " + cookie);
                assertEquals("b 127.0.0.1", again.body(), "the cookie pins the client to b");
                assertTrue(again.headers().firstValue("Set-Cookie").isEmpty(), "no new cookie once it has one");
            }
            assertEquals(5, proxy.routed(1));
        }
    }

    @Test
    void skipsARefusingBackendAndADisabledOne() throws Exception {
        try (DemoServer a = named("a"); DemoServer b = named("b"); DemoServer gone = named("gone")) {
            int deadPort = gone.port();
            gone.close();
            try (ReverseProxy proxy = ReverseProxy.to(a.port(), deadPort, b.port()).start()) {
                List<String> bodies = new ArrayList<>();
                for (int i = 0; i < 3; i++) bodies.add(get(proxy, null).body().split(" ")[0]);
                assertEquals(List.of("a", "b", "b"), bodies, "the refusing backend's turn goes to the next one");
                proxy.disable(0);
                for (int i = 0; i < 3; i++) assertEquals("b", get(proxy, null).body().split(" ")[0]);
            }
        }
    }

    @Test
    void appendsToAnXForwardedForTheClientSent() throws Exception {
        try (DemoServer a = named("a"); ReverseProxy proxy = ReverseProxy.to(a.port()).start()) {
            HttpResponse<String> response = Clients.http().send(HttpRequest.newBuilder(proxy.httpUri("/who"))
                    .header("X-Forwarded-For", "203.0.113.7").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("a 203.0.113.7, 127.0.0.1", response.body());
        }
    }
}
