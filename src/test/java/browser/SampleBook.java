package browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.util.HashMap;
import java.util.Map;

import builder.Assets;
import builder.Block;
import builder.Book;
import builder.BuildFailure;
import builder.NavEntry;
import builder.Page;
import builder.PageModel;
import builder.PageTemplate;
import builder.RenderContext;
import builder.Renderer;
import builder.RunResult;
import builder.SearchDoc;
import builder.SearchIndex;

/**
 * A small book (front page and two chapters) written to disk and rendered by
 * the builder itself: {@code Book.collect}, the {@code Renderer} with its
 * block and figure macros, the page template, the search index and the
 * assets. The pages hold what {@code JbangBlockMacro} renders, not a copy of
 * its markup. Only the run results are made here (nothing runs), so a test of
 * the page is a test of rendering, whatever the demos print.
 */
final class SampleBook {

    static final String BOOK = "Switching Protocols";
    /** A word that only the second chapter uses. */
    static final String CHAPTER_TWO_WORD = "backoff";

    private SampleBook() {}

    /** Writes the sample book beside {@code site}, renders it into {@code site} and returns it. */
    static Path build(Path site) {
        try {
            Path root = site.resolveSibling(site.getFileName() + "-book");
            writeBook(root);
            Book book = Book.collect(root);
            Files.createDirectories(site);
            Map<String, RunResult> results = results(book, root.resolve("runs"));
            RenderContext context = new RenderContext(book, results, site);
            List<NavEntry> nav = book.pages().stream().map(p -> new NavEntry(p.slug(), p.title(), p.href())).toList();
            List<SearchDoc> search = new ArrayList<>();
            try (Renderer renderer = new Renderer()) {
                for (int i = 0; i < book.pages().size(); i++) {
                    Page page = book.pages().get(i);
                    Renderer.Rendered rendered = renderer.render(page, context);
                    Files.writeString(site.resolve(page.href()), PageTemplate.render(new PageModel(
                            page.slug(), rendered.title(), rendered.bodyHtml(), rendered.tocHtml(), nav, i)));
                    search.add(new SearchDoc(page.href(), rendered.title(), rendered.text()));
                }
            }
            Files.writeString(site.resolve("search-index.js"), SearchIndex.script(search));
            Assets.copyTo(site, bookRoot());
            return site;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (BuildFailure e) {
            throw new IllegalStateException("the sample book does not build: " + e.errors(), e);
        }
    }

    static Path bookRoot() {
        return Path.of(System.getProperty("book.root", ".")).toAbsolutePath();
    }

    /** The book's files: catalog, nav, front page, chapters and the scripts their blocks show. */
    private static void writeBook(Path root) throws IOException {
        Files.createDirectories(root.resolve("notebooks/state"));
        Files.createDirectories(root.resolve("notebooks/polling"));
        Files.writeString(root.resolve("jbang-catalog.json"), """
                {
                  "aliases": {
                    "hello": {"script-ref": "notebooks/state/Hello.java", "description": "An echo"},
                    "stateful-counter": {"script-ref": "notebooks/state/StatefulCounter.java", "description": "A counter"},
                    "too-big": {"script-ref": "notebooks/state/TooBig.java", "description": "Too big"}
                  }
                }
                """);
        Files.writeString(root.resolve("notebooks/nav.txt"), "state\npolling\n");
        Files.writeString(root.resolve("notebooks/index.adoc"), FRONT_PAGE);
        Files.writeString(root.resolve("notebooks/state/chapter.adoc"), CHAPTER_STATE);
        Files.writeString(root.resolve("notebooks/polling/chapter.adoc"), CHAPTER_POLLING);
        Files.writeString(root.resolve("notebooks/state/Hello.java"), HELLO);
        Files.writeString(root.resolve("notebooks/state/StatefulCounter.java"), COUNTER);
        Files.writeString(root.resolve("notebooks/state/TooBig.java"), TOO_BIG);
    }

    /** What each block "printed": the results the block macro renders. */
    private static Map<String, RunResult> results(Book book, Path runs) throws IOException {
        Map<String, RunResult> results = new HashMap<>();
        for (Block block : book.blocks()) {
            Path out = Files.createDirectories(runs.resolve(block.script().getFileName().toString()));
            String name = block.script().getFileName().toString();
            RunResult result = switch (name) {
                case "Hello.java" -> new RunResult("hello", 0, false, 1240,
                        "server listening on 127.0.0.1:41877\nsent:  hello\necho:  hello\nround trip: 3 ms\nserver stopped\n", "",
                        Map.of("roundtrip-ms", "3"), List.of(), out, true);
                case "StatefulCounter.java" -> {
                    Files.writeString(out.resolve("messages.svg"), MESSAGES_SVG);
                    yield new RunResult("counter", 0, false, 870,
                            "count=1\ncount=2\ncount=3\n3 messages, 1 connection, 0 headers after the handshake\n",
                            "WARNING: Tyrus client: no TLS configured, using ws:// on loopback\n",
                            Map.of("bytes-per-connection", "312"), List.of("messages.svg"), out, false);
                }
                default -> new RunResult("too-big", 1, false, 640, "sending 64 characters to a server that takes 16\n",
                        "closed by server: 1009 Message Too Big\n", Map.of(), List.of(), out, true);
            };
            results.put(block.renderKey(), result);
        }
        return results;
    }

    private static final String MESSAGES_SVG = """
            <svg xmlns="http://www.w3.org/2000/svg" width="420" height="120" viewBox="0 0 420 120" role="img" aria-label="one connection, three messages"><g fill="none" stroke="currentColor" stroke-width="1.5"><line x1="40" y1="20" x2="40" y2="110"/><line x1="380" y1="20" x2="380" y2="110"/><line x1="40" y1="45" x2="380" y2="55"/><line x1="40" y1="70" x2="380" y2="80"/><line x1="40" y1="95" x2="380" y2="105"/></g><g fill="currentColor" font-family="sans-serif" font-size="12"><text x="22" y="14">client</text><text x="360" y="14">server</text></g></svg>
            """;

    private static final String HELLO = """
            ///usr/bin/env jbang "$0" "$@" ; exit $?
            //DESCRIPTION An echo
            //JAVA 17+

            public class Hello {

                @ServerEndpoint("/echo")
                public static class Echo {
                    @OnMessage
                    public String echo(String message) {
                        return message;
                    }
                }

                public static void main(String[] args) throws Exception {
                    var server = new Server("127.0.0.1", 0, "/", null, Echo.class);
                    server.start(); // an ephemeral port
                    System.out.println("echo: " + send(server.getPort(), "hello"));
                    server.stop();
                }
            }
            """;

    private static final String COUNTER = """
            ///usr/bin/env jbang "$0" "$@" ; exit $?
            //DESCRIPTION A counter
            //JAVA 17+

            @ServerEndpoint("/count")
            public class StatefulCounter {
                private int count; // one per connection

                @OnMessage
                public String next(String ignored) {
                    return "count=" + (++count);
                }
            }
            """;

    private static final String TOO_BIG = """
            ///usr/bin/env jbang "$0" "$@" ; exit $?
            //DESCRIPTION Too big
            //JAVA 17+

            public class TooBig {
                public static void main(String[] args) {
                    // tag::send[]
                    session.setMaxTextMessageBufferSize(16);
                    client.sendText("x".repeat(64), true).join();
                    // end::send[]
                }
            }
            """;

    private static final String FRONT_PAGE = """
            = Switching Protocols

            [.lead]
            HTTP and WebSocket, side by side. Every program in this book runs when the book is built,
            and what you read beside it is what it printed that time.

            == What changes when a connection is upgraded

            [cols="1,2,2",options="header"]
            |===
            | | HTTP | WebSocket
            | Communication model | Request, then response | Messages, either side, any time
            | State | Stateless: each request stands alone | Stateful: one long-lived connection
            | Direction | Client asks, server answers | Both directions at once (full duplex)
            | Update mechanism | Polling or long polling | The server pushes when it has news
            | Connection | Short-lived, or kept alive between requests | Opened once with `Upgrade: websocket`, then kept
            |===

            == The first exchange

            A Tyrus echo endpoint starts on `127.0.0.1`, a JDK `WebSocket` client sends one message,
            and the echo comes back. It took fig:index.roundtrip-ms[] ms
            from send to echo on the build machine.

            jbang::state/Hello.java[]

            NOTE: Nothing on this page was pasted by hand: the output above is the output of this build.
            """;

    private static final String CHAPTER_STATE = """
            = State

            An HTTP server forgets you between requests; a WebSocket server remembers you for as long
            as the connection lives. This chapter shows both, then counts what each costs.

            == A counter over HTTP

            Each request carries everything the server needs. The count lives in the client:

            [source,java]
            ----
            HttpClient client = HttpClient.newHttpClient(); // <1>
            for (int i = 1; i <= 3; i++) {
                var request = HttpRequest.newBuilder(uri.resolve("/count?n=" + i)).build();
                var response = client.send(request, BodyHandlers.ofString()); // <2>
                System.out.println(response.body());
            }
            ----
            <1> One client, reused: it keeps the connection alive between requests.
            <2> Every call is a full request and a full response.

            === The same counter, kept by the server

            jbang::StatefulCounter.java[args="3"]

            TIP: The server keeps fig:state.bytes-per-connection[] bytes per open connection.

            == When the server says no

            A script can be meant to fail. This one sends a message larger than the server allows:

            jbang::TooBig.java[tags="send", expect-exit=1]

            WARNING: Close code 1009 ends the whole connection, not only the message.

            .What the server remembers
            ****
            A WebSocket endpoint instance lives as long as its connection. Fields are per-connection
            state; anything shared between connections must be made thread-safe.
            ****

            [quote, RFC 6455, section 1.5]
            ____
            The WebSocket Protocol is designed on the principle that there should be minimal framing.
            ____
            """;

    private static final String CHAPTER_POLLING = """
            = Polling and push

            A client that wants news over HTTP has to ask for it. How often it asks is a trade between
            freshness and load.

            == Polling with exponential backoff

            When nothing changes, the client waits longer before asking again: 1 s, 2 s, 4 s, up to a
            ceiling. Exponential backoff keeps idle clients cheap.

            [source,java]
            ----
            Duration wait = Duration.ofSeconds(1);
            while (!done) {
                var news = poll(); // one full HTTP request
                wait = news.isEmpty() ? min(wait.multipliedBy(2), CEILING) : Duration.ofSeconds(1);
                Thread.sleep(wait.toMillis());
            }
            ----

            == Push

            Over a WebSocket the server sends news when it has it, and the client never asks.

            [cols="2,1,1",options="header"]
            |===
            | Clients idle for a minute | Requests (polling) | Frames (push)
            | 1 | 6 | 0
            | 100 | 600 | 0
            | 10 000 | 60 000 | 0
            |===

            Text that looks like markup must stay text: `</script><script>window.PWNED = 1</script>`,
            and odd separators \u2028 and \u2029 too.
            """;
}
