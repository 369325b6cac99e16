package check;

import builder.Build;
import builder.BuildError;
import builder.BuildFailure;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./jbang check}: the sources first (catalog, scripts, nav, drift), then
 * the site, built first when it is missing or stale (an unchanged book costs
 * a hash, not a build), then its links, its HTML and its offline guarantee.
 */
public final class BookCheck {

    /** What a check found, in the order it looked. */
    public record Report(List<BuildError> problems, List<String> done) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    private final Build.Options options;
    private final boolean build;
    private final PrintStream log;

    /** {@code build}: build the site first when stale; without it the site is checked as it is. */
    public BookCheck(Build.Options options, boolean build, PrintStream log) {
        this.options = options;
        this.build = build;
        this.log = log;
    }

    public Report run() throws IOException, InterruptedException {
        List<BuildError> problems = new ArrayList<>();
        List<String> done = new ArrayList<>();

        List<BuildError> inventory = Inventory.check(options.root());
        step(done, "catalog, scripts and nav", inventory);
        problems.addAll(inventory);
        List<BuildError> drift = Drift.check(options.root());
        step(done, "measured numbers in prose", drift);
        problems.addAll(drift);
        List<BuildError> comparisons = Comparisons.check(options.root());
        step(done, "comparisons in prose backed by a claim or an RFC", comparisons);
        problems.addAll(comparisons);

        if (build) {
            try {
                Build.Summary summary = new Build(options).run();
                done.add(summary.upToDate() ? "site up to date" : "site built (" + Build.seconds(summary.wallMillis()) + ")");
                say(done);
            } catch (BuildFailure failure) {
                List<BuildError> fresh = failure.errors().stream().filter(e -> !alreadySaid(problems, e)).toList();
                problems.addAll(fresh);
                done.add("site build failed: " + failure.errors().size() + " problem(s); the site is not checked until it builds");
                say(done);
                return new Report(problems, done);
            }
        }
        if (!Files.isRegularFile(options.out().resolve("index.html"))) {
            problems.add(new BuildError(options.root().relativize(options.out()) + "/", "there is no site to check",
                    "fix: ./jbang site (or run ./jbang check without --no-build)"));
            return new Report(problems, done);
        }
        SiteFiles site = SiteFiles.read(options.root(), options.out());
        List<BuildError> links = Links.check(site);
        step(done, "links, anchors and images of " + site.pages().size() + " page(s)", links);
        problems.addAll(links);
        List<BuildError> offline = Offline.check(site);
        step(done, "no request to another host", offline);
        problems.addAll(offline);
        List<BuildError> html = Validity.check(site);
        step(done, "valid HTML (Nu HTML Checker)", html);
        problems.addAll(html);
        return new Report(problems, done);
    }

    /** The build's collect stage finds some of what the source checks found: say each once. */
    private static boolean alreadySaid(List<BuildError> problems, BuildError error) {
        String file = error.where() == null ? "" : error.where().replaceFirst(":\\d+$", "");
        return problems.stream().anyMatch(p -> p.message().equals(error.message())
                && (p.where() == null ? "" : p.where().replaceFirst(":\\d+$", "")).equals(file));
    }

    private void step(List<String> done, String what, List<BuildError> found) {
        done.add(what + (found.isEmpty() ? ": ok" : ": " + found.size() + " problem(s)"));
        say(done);
    }

    private void say(List<String> done) {
        if (log != null) {
            log.println("  " + done.get(done.size() - 1));
        }
    }
}
