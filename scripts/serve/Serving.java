package serve;

import builder.BuildError;
import builder.Build;
import builder.Renderer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpHandler;

/**
 * {@code ./jbang serve}: the build pipeline kept warm in one JVM, and the
 * site served from it on 127.0.0.1. Edits rebuild what they change and open
 * pages reload; each block gets a Run button; the Update mechanism page's
 * live box is fed. {@link #close()} ends it all: the server, the watcher, and
 * every run with its process tree.
 */
public final class Serving implements AutoCloseable {
    /** Grizzly says "Started listener…" at INFO; serve prints its own lines. Held, so the setting stays. */
    private static final java.util.logging.Logger GRIZZLY = java.util.logging.Logger.getLogger("org.glassfish.grizzly");

    private final BookServer server;
    private final Renderer renderer;
    private final Rebuilder rebuilder;
    private final Runs runs;
    private final Pages pages;
    private final LiveFeed feed;

    private Serving(BookServer server, Renderer renderer, Rebuilder rebuilder, Runs runs, Pages pages, LiveFeed feed) {
        this.server = server;
        this.renderer = renderer;
        this.rebuilder = rebuilder;
        this.runs = runs;
        this.pages = pages;
        this.feed = feed;
    }

    /**
     * Binds the port first (so a taken port is said at once), then builds the
     * whole site, then watches. Port 0 takes any free port.
     */
    public static Serving start(Build.Options options, int port, Runs.Limits limits, PrintStream log) throws IOException {
        GRIZZLY.setLevel(java.util.logging.Level.WARNING);
        Guard guard = new Guard();
        Runs runs = new Runs(options.root(), options.root().resolve(".book-cache"), limits);
        Rebuilder[] rebuilder = new Rebuilder[1];
        Pages pages = new Pages(() -> rebuilder[0] == null ? null : rebuilder[0].book(), runs, log);
        LiveFeed feed = new LiveFeed();
        BookServer server;
        try {
            server = BookServer.start(port, options.out(), guard,
                    Map.<String, HttpHandler>of("/_serve/live/poll", feed.poll(), "/_serve/live/sse", feed.sse()),
                    List.of(pages.endpoint(), feed.endpoint()));
        } catch (IOException | RuntimeException e) {
            runs.close();
            feed.close();
            throw e;
        }
        Renderer renderer = null;
        try {
            feed.start();
            log.println("Building the book (the blocks that changed since the last build run again)…");
            renderer = new Renderer();
            rebuilder[0] = new Rebuilder(options.withFresh(false), renderer, new Rebuilder.Listener() {
                @Override
                public void rebuilt(Set<String> slugs, long changedAt) {
                    pages.reload(slugs, changedAt);
                }

                @Override
                public void failed(List<BuildError> errors) {
                    pages.showErrors(errors.stream().map(BuildError::format).toList());
                }
            }, log);
            rebuilder[0].buildAll();
            rebuilder[0].watch();
            return new Serving(server, renderer, rebuilder[0], runs, pages, feed);
        } catch (IOException | RuntimeException e) {
            if (rebuilder[0] != null) {
                rebuilder[0].close();
            }
            if (renderer != null) {
                renderer.close();
            }
            runs.close();
            feed.close();
            server.close();
            throw e;
        }
    }

    /** The address to open, with its token. */
    public URI url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    /** The open pages (for the measured edit-to-reload time and for tests). */
    public Pages pages() {
        return pages;
    }

    public Runs runs() {
        return runs;
    }

    @Override
    public void close() {
        rebuilder.close();
        runs.close();
        feed.close();
        server.close();
        renderer.close();
    }
}
