package browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Attributes;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import org.asciidoctor.ast.Document;
import org.asciidoctor.ast.Section;
import org.asciidoctor.ast.StructuralNode;

import builder.Assets;
import builder.NavEntry;
import builder.PageModel;
import builder.PageTemplate;
import builder.SearchDoc;
import builder.SearchIndex;

/**
 * A small book (front page and two chapters) rendered the way the builder
 * renders the real one: Asciidoctor's embedded HTML with Rouge classes, the
 * page template, the search index and the assets. The executed blocks are
 * written out as the builder's block macro writes them, since nothing runs
 * here.
 */
final class SampleBook {

    static final String BOOK = "Switching Protocols";
    /** A word that only the second chapter uses. */
    static final String CHAPTER_TWO_WORD = "backoff";

    private static Asciidoctor asciidoctor;

    private SampleBook() {}

    /** Writes the sample site into {@code site} and returns it. */
    static Path build(Path site) {
        try {
            Files.createDirectories(site);
            List<String[]> sources = List.of(
                    new String[] {"index", FRONT_PAGE},
                    new String[] {"state", CHAPTER_STATE},
                    new String[] {"polling", CHAPTER_POLLING});
            List<Document> docs = new ArrayList<>();
            List<NavEntry> nav = new ArrayList<>();
            for (String[] source : sources) {
                Document doc = asciidoctor().load(source[1], options());
                docs.add(doc);
                nav.add(new NavEntry(source[0], doc.getDoctitle(), source[0] + ".html"));
            }
            List<SearchDoc> search = new ArrayList<>();
            for (int i = 0; i < docs.size(); i++) {
                Document doc = docs.get(i);
                String body = doc.convert();
                String html = PageTemplate.render(new PageModel(
                        nav.get(i).slug(), nav.get(i).title(), body, toc(doc), nav, i));
                Files.writeString(site.resolve(nav.get(i).href()), html);
                search.add(new SearchDoc(nav.get(i).href(), nav.get(i).title(), plainText(body)));
            }
            Files.writeString(site.resolve("search-index.js"), SearchIndex.script(search));
            Assets.copyTo(site, bookRoot());
            return site;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path bookRoot() {
        return Path.of(System.getProperty("book.root", ".")).toAbsolutePath();
    }

    private static synchronized Asciidoctor asciidoctor() {
        if (asciidoctor == null) {
            asciidoctor = Asciidoctor.Factory.create();
        }
        return asciidoctor;
    }

    private static Options options() {
        return Options.builder()
                .safe(SafeMode.SAFE)
                .standalone(false)
                .attributes(Attributes.builder()
                        .sourceHighlighter("rouge")
                        .attribute("rouge-css", "class")
                        .build())
                .build();
    }

    /** The nested list of sections that the builder passes as tocHtml. */
    private static String toc(StructuralNode node) {
        var html = new StringBuilder();
        for (StructuralNode block : node.getBlocks()) {
            if (block instanceof Section section) {
                html.append("<li><a href=\"#").append(section.getId()).append("\">")
                    .append(section.getTitle()).append("</a>").append(toc(section)).append("</li>\n");
            }
        }
        if (html.isEmpty()) {
            return "";
        }
        int level = node instanceof Section s ? s.getLevel() + 1 : 1;
        return "<ul class=\"sectlevel" + level + "\">\n" + html + "</ul>";
    }

    private static String plainText(String html) {
        return html.replaceAll("(?s)<[^>]*>", " ")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#8217;", "\u2019").replace("&#8230;", "\u2026").replace("&#8201;", " ")
                .replace("&#8212;", "\u2014").replace("&amp;", "&")
                .replaceAll("\\s+", " ").strip();
    }

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
            and the echo comes back. It took pass:q[<span class="figure-value" title="hello.roundtrip-ms">3</span>] ms
            from send to echo on the build machine.

            ++++
            <div class="openblock jbang-block" id="run-index-1" data-alias="hello" data-args="">
            <div class="content">
            <div class="listingblock jbang-source"><div class="title">Hello.java</div><div class="content"><pre class="rouge highlight"><code data-lang="java"><span class="kd">public</span> <span class="kd">class</span> <span class="nc">Hello</span> <span class="o">{</span>

                <span class="nd">@ServerEndpoint</span><span class="o">(</span><span class="s">"/echo"</span><span class="o">)</span>
                <span class="kd">public</span> <span class="kd">static</span> <span class="kd">class</span> <span class="nc">Echo</span> <span class="o">{</span>
                    <span class="nd">@OnMessage</span>
                    <span class="kd">public</span> <span class="nc">String</span> <span class="nf">echo</span><span class="o">(</span><span class="nc">String</span> <span class="n">message</span><span class="o">)</span> <span class="o">{</span>
                        <span class="k">return</span> <span class="n">message</span><span class="o">;</span>
                    <span class="o">}</span>
                <span class="o">}</span>

                <span class="kd">public</span> <span class="kd">static</span> <span class="kt">void</span> <span class="nf">main</span><span class="o">(</span><span class="nc">String</span><span class="o">[]</span> <span class="n">args</span><span class="o">)</span> <span class="kd">throws</span> <span class="nc">Exception</span> <span class="o">{</span>
                    <span class="kt">var</span> <span class="n">server</span> <span class="o">=</span> <span class="k">new</span> <span class="nc">Server</span><span class="o">(</span><span class="s">"127.0.0.1"</span><span class="o">,</span> <span class="mi">0</span><span class="o">,</span> <span class="s">"/"</span><span class="o">,</span> <span class="kc">null</span><span class="o">,</span> <span class="nc">Echo</span><span class="o">.</span><span class="na">class</span><span class="o">);</span>
                    <span class="n">server</span><span class="o">.</span><span class="na">start</span><span class="o">();</span> <span class="c1">// an ephemeral port</span>
                    <span class="nc">System</span><span class="o">.</span><span class="na">out</span><span class="o">.</span><span class="na">println</span><span class="o">(</span><span class="s">"echo: "</span> <span class="o">+</span> <span class="n">send</span><span class="o">(</span><span class="n">server</span><span class="o">.</span><span class="na">getPort</span><span class="o">(),</span> <span class="s">"hello"</span><span class="o">));</span>
                    <span class="n">server</span><span class="o">.</span><span class="na">stop</span><span class="o">();</span>
                <span class="o">}</span>
            <span class="o">}</span></code></pre></div></div>
            <div class="jbang-command"><pre><code>$ ./jbang hello</code></pre></div>
            <div class="jbang-output" data-exit="0" data-cached="true">
            <div class="jbang-output-head"><span class="jbang-output-label">Output</span> <span class="jbang-exit">exit 0</span> <span class="jbang-time">1.24 s</span></div>
            <pre class="jbang-stdout">server listening on 127.0.0.1:41877
            sent:  hello
            echo:  hello
            round trip: 3 ms
            server stopped</pre>
            </div>
            </div>
            </div>
            ++++

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

            ++++
            <div class="openblock jbang-block" id="run-state-1" data-alias="stateful-counter" data-args="3">
            <div class="content">
            <div class="listingblock jbang-source"><div class="title">StatefulCounter.java</div><div class="content"><pre class="rouge highlight"><code data-lang="java"><span class="nd">@ServerEndpoint</span><span class="o">(</span><span class="s">"/count"</span><span class="o">)</span>
            <span class="kd">public</span> <span class="kd">class</span> <span class="nc">StatefulCounter</span> <span class="o">{</span>
                <span class="kd">private</span> <span class="kt">int</span> <span class="n">count</span><span class="o">;</span> <span class="c1">// one per connection</span>

                <span class="nd">@OnMessage</span>
                <span class="kd">public</span> <span class="nc">String</span> <span class="nf">next</span><span class="o">(</span><span class="nc">String</span> <span class="n">ignored</span><span class="o">)</span> <span class="o">{</span>
                    <span class="k">return</span> <span class="s">"count="</span> <span class="o">+</span> <span class="o">(++</span><span class="n">count</span><span class="o">);</span>
                <span class="o">}</span>
            <span class="o">}</span></code></pre></div></div>
            <div class="jbang-command"><pre><code>$ ./jbang stateful-counter 3</code></pre></div>
            <div class="jbang-output" data-exit="0" data-cached="false">
            <div class="jbang-output-head"><span class="jbang-output-label">Output</span> <span class="jbang-exit">exit 0</span> <span class="jbang-time">0.87 s</span></div>
            <pre class="jbang-stdout">count=1
            count=2
            count=3
            3 messages, 1 connection, 0 headers after the handshake</pre>
            <pre class="jbang-stderr">WARNING: Tyrus client: no TLS configured, using ws:// on loopback</pre>
            </div>
            <figure class="jbang-file"><svg xmlns="http://www.w3.org/2000/svg" width="420" height="120" viewBox="0 0 420 120" role="img" aria-label="one connection, three messages"><g fill="none" stroke="currentColor" stroke-width="1.5"><line x1="40" y1="20" x2="40" y2="110"/><line x1="380" y1="20" x2="380" y2="110"/><line x1="40" y1="45" x2="380" y2="55"/><line x1="40" y1="70" x2="380" y2="80"/><line x1="40" y1="95" x2="380" y2="105"/></g><g fill="currentColor" font-family="sans-serif" font-size="12"><text x="22" y="14">client</text><text x="360" y="14">server</text></g></svg><figcaption>messages.svg</figcaption></figure>
            </div>
            </div>
            ++++

            TIP: The server keeps pass:q[<span class="figure-value" title="state.bytes-per-connection">312</span>] bytes per open connection.

            == When the server says no

            A script can be meant to fail. This one sends a message larger than the server allows:

            ++++
            <div class="openblock jbang-block" id="run-state-2" data-alias="too-big" data-args="">
            <div class="content">
            <div class="listingblock jbang-source"><div class="title">TooBig.java</div><div class="content"><pre class="rouge highlight"><code data-lang="java"><span class="n">session</span><span class="o">.</span><span class="na">setMaxTextMessageBufferSize</span><span class="o">(</span><span class="mi">16</span><span class="o">);</span>
            <span class="n">client</span><span class="o">.</span><span class="na">sendText</span><span class="o">(</span><span class="s">"x"</span><span class="o">.</span><span class="na">repeat</span><span class="o">(</span><span class="mi">64</span><span class="o">),</span> <span class="kc">true</span><span class="o">).</span><span class="na">join</span><span class="o">();</span></code></pre></div></div>
            <div class="jbang-command"><pre><code>$ ./jbang too-big</code></pre></div>
            <div class="jbang-output" data-exit="1" data-cached="true">
            <div class="jbang-output-head"><span class="jbang-output-label">Output</span> <span class="jbang-exit">exit 1</span> <span class="jbang-time">0.64 s</span></div>
            <pre class="jbang-stdout">sending 64 characters to a server that takes 16</pre>
            <pre class="jbang-stderr">closed by server: 1009 Message Too Big</pre>
            </div>
            </div>
            </div>
            ++++

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
