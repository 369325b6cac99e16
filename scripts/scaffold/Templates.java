package scaffold;

/**
 * The house templates: a chapter with one working block, and a demo script
 * with its JBang header in the house order, tagged regions ready for the
 * prose, bounded waits, and a figure the prose can quote.
 */
final class Templates {
    private Templates() {
    }

    /** A demo: a real server on 127.0.0.1, one request from the JDK client, the answer printed and timed. */
    static String script(String name, String description, String figure) {
        return """
                ///usr/bin/env jbang "$0" "$@" ; exit $?
                //DESCRIPTION __DESCRIPTION__
                //JAVA 17+
                //SOURCES ../_kit/*.java

                import java.io.IOException;
                import java.net.URI;
                import java.net.http.HttpRequest;
                import java.net.http.HttpResponse.BodyHandlers;
                import java.util.Locale;
                import java.util.concurrent.TimeUnit;
                import kit.*;

                /**
                 * One idea, shown by running it. Replace the route and the request with the
                 * ones this demo is about, and keep the shape: a real server on 127.0.0.1,
                 * a JDK client, waits with a bound, and sentences that say what the run proves.
                 */
                public class __NAME__ {

                    // tag::server[]
                    /** A real server, on 127.0.0.1 only. */
                    static DemoServer startServer() throws IOException {
                        return DemoServer.builder()
                                .get("/hello", request -> "hello from 127.0.0.1")
                                .start();
                    }
                    // end::server[]

                    // tag::client[]
                    /** One GET; returns the time to the answer. */
                    static double ask(DemoServer server) throws Exception {
                        URI uri = server.httpUri("/hello");
                        var request = HttpRequest.newBuilder(uri).build();
                        System.out.println("GET /hello, waiting up to 5 s");
                        long start = System.nanoTime();
                        var response = Clients.http()
                                .sendAsync(request, BodyHandlers.ofString())
                                .get(5, TimeUnit.SECONDS); // <1>
                        double millis = (System.nanoTime() - start) / 1e6;
                        System.out.println("answer: " + response.statusCode()
                                + " " + response.body());
                        return millis;
                    }
                    // end::client[]

                    public static void main(String[] args) throws Exception {
                        try (DemoServer server = startServer()) {
                            double millis = ask(server);
                            String figure = String.format(Locale.ROOT, "%.1f", millis);
                            System.out.println("the answer took " + figure + " ms");
                            Figures.publish("__FIGURE__", figure);
                        }
                        System.out.println();
                        System.out.println("What that shows: one request, one answer,");
                        System.out.println("over a real TCP connection on this machine.");
                    }
                }
                """.replace("__DESCRIPTION__", description).replace("__NAME__", name).replace("__FIGURE__", figure);
    }

    /** The block that shows a demo, with the callout list for its one callout. */
    static String block(String name) {
        return """
                jbang::%s.java[tags="server;client"]
                <1> Every wait has a bound: a demo that goes wrong fails in seconds instead of hanging the build.
                """.formatted(name);
    }

    /** A chapter: title, a short intro, one block, and a sentence that quotes the block's figure. */
    static String chapter(String slug, String title, String name, String figure) {
        return """
                = %s

                This chapter is new. Replace these lines with two or three sentences on what
                it shows: the claim it puts to the test, and what the reader will see happen.
                Every claim is backed by a script that runs when the site is built.

                == A first run

                The demo starts a real server on `127.0.0.1`, sends it one HTTP request with the
                JDK's client, and prints the answer.

                %s
                The answer took fig:%s.%s[] ms on the machine that built this page: the number
                in this sentence comes from the run above, not from the keyboard.
                """.formatted(title, block(name), slug, figure);
    }
}
