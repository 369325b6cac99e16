package browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.JavascriptExecutor;

/**
 * axe-core, the accessibility engine, run inside a page that {@link Chromium}
 * has open. The script is the {@code axe.min.js} that Deque ships in its
 * {@code com.deque.html.axe-core:selenium} jar (pinned in the pom), read from
 * the test class path: nothing is fetched at run time.
 */
final class Axe {

    private static final String SOURCE = load();
    private static final Duration RUN_LIMIT = Duration.ofMinutes(3);

    private Axe() {}

    /** The axe-core version the tests run. */
    static String version(Chromium browser) {
        inject(browser);
        return String.valueOf(browser.script("return axe.version"));
    }

    /**
     * Every violation of every rule axe runs by default (WCAG 2.0–2.2 A/AA and
     * best practices, any impact) on the page as it is now, one line each:
     * {@code where: rule (impact) at selector — what is wrong}.
     */
    static List<String> violations(Chromium browser, String where) {
        return violations(browser, where, Map.of(), "html");
    }

    /**
     * The same, for the parts of the page that match one of the {@code selectors} only,
     * with axe's rule {@code options} (for example {@code rules: {color-contrast: {enabled: false}}}).
     */
    @SuppressWarnings("unchecked")
    static List<String> violations(Chromium browser, String where, Map<String, Object> options, String... selectors) {
        inject(browser);
        var js = (JavascriptExecutor) browser.driver();
        // axe checks every element's contrast; on a loaded 2-core machine a long page takes a while
        browser.driver().manage().timeouts().scriptTimeout(RUN_LIMIT);
        Object result = js.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                var include = arguments[0].map(function (s) { return [s]; })
                  .filter(function (s) { return document.querySelector(s[0]); });
                if (!include.length) { done([]); return; }
                // preload: false, because axe would fetch the stylesheets again over XHR, which
                // file:// refuses (a console error per run); only css-orientation-lock needs them.
                var options = Object.assign({resultTypes: ['violations'], preload: false}, arguments[1]);
                axe.run({include: include}, options).then(function (r) {
                  done(r.violations.map(function (v) {
                    return {id: v.id, impact: v.impact || '', help: v.help,
                      nodes: v.nodes.map(function (n) {
                        return {target: n.target.join(' '), summary: (n.failureSummary || '').replace(/\\s+/g, ' ')};
                      })};
                  }));
                }, function (e) { done([{id: 'axe-error', impact: '', help: String(e), nodes: []}]); });
                """, List.of(selectors), options);
        var lines = new ArrayList<String>();
        for (Map<String, Object> v : (List<Map<String, Object>>) result) {
            List<Map<String, Object>> nodes = (List<Map<String, Object>>) v.get("nodes");
            if (nodes.isEmpty()) {
                lines.add(where + ": " + v.get("id") + " (" + v.get("impact") + ") — " + v.get("help"));
            }
            for (Map<String, Object> n : nodes) {
                lines.add(where + ": " + v.get("id") + " (" + v.get("impact") + ") at " + n.get("target")
                        + " — " + v.get("help") + ". " + n.get("summary"));
            }
        }
        return lines;
    }

    private static void inject(Chromium browser) {
        if (!Boolean.TRUE.equals(browser.script("return typeof window.axe === 'object'"))) {
            browser.script(SOURCE);
        }
    }

    private static String load() {
        try (InputStream in = Axe.class.getClassLoader().getResourceAsStream("axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the test class path: the pom's "
                        + "com.deque.html.axe-core:selenium dependency carries it (run the tests with Maven)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
