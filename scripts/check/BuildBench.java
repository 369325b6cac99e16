package check;

import builder.Block;
import builder.Book;
import builder.BuildFailure;
import builder.Build;
import builder.Catalog;
import builder.Processes;
import builder.ResultStore;
import builder.Runner;
import com.google.gson.Gson;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./jbang bench}: times the build the way a reader runs it, in a
 * temporary copy of the book with a JBang cache of its own (both deleted at
 * the end), within a time budget. See {@link #run()} for the steps.
 */
public final class BuildBench {

    /** How to bench: the book, where its builder lives, where the table goes, runs per timing, the time budget. */
    public record Options(Path root, Path tools, Path report, int runs, Duration budget, PrintStream log) {
    }

    /** One row of a table: what was measured, the figure, and a note. */
    public record Row(String what, String value, String note) {
    }

    /** The three tables and the goals, as measured. */
    public record Result(List<Row> builds, List<Row> render, List<Row> demos, List<String> goals, String markdown) {
    }

    static final double WARM_GOAL_SECONDS = 1.0;
    static final double PARALLEL_GOAL = 0.6;
    private static final Gson GSON = new Gson();
    private static final Pattern UP_TO_DATE = Pattern.compile("up to date \\((\\d+) ms\\)|up to date \\(([\\d.]+) s\\)");

    private final Options options;
    private final long deadline;
    private Path work;
    private Path book;
    private Map<String, String> env;

    public BuildBench(Options options) {
        this.options = options;
        this.deadline = System.nanoTime() + options.budget().toNanos();
    }

    /**
     * Copies the book, compiles the builder once (not timed), then times:
     * a cold full build (empty execution cache, scripts never built), warm
     * builds with no change, a build after a prose edit and one after a script
     * edit; AsciidoctorJ and the Asciidoctor Ruby CLI rendering the same pages;
     * and each demo's first build against its cached starts.
     */
    public Result run() throws IOException, InterruptedException {
        work = Files.createTempDirectory("book-bench-");
        try {
            book = work.resolve("book");
            copyBook();
            env = Map.of("JBANG_CACHE_DIR", work.resolve("jbang-cache").toString(), "BOOK_ROOT", book.toString());
            return measure();
        } finally {
            ResultStore.deleteTree(work);
        }
    }

    private Result measure() throws IOException, InterruptedException {
        List<Row> builds = new ArrayList<>();
        List<Row> render = new ArrayList<>();
        List<Row> demos = new ArrayList<>();
        List<String> goals = new ArrayList<>();

        say("compiling the builder in the copy (not timed)…");
        Timed compile = jbang(List.of("build", "scripts/Site.java"), remaining());
        if (compile.exit() != 0) {
            throw new IOException("the builder does not compile in the copy: " + compile.tail());
        }

        say("cold full build…");
        Timed cold = site();
        Build.Report coldReport = report();
        double serial = coldReport.serialMillis() / 1000.0;
        builds.add(new Row("cold full build (empty caches)", secs(cold.seconds()),
                coldReport.ran() + " block(s) run; JBang built the scripts in " + secs(coldReport.prepareMillis() / 1000.0)
                        + " (in parallel), collect " + secs(coldReport.collectMillis() / 1000.0) + ", run stage "
                        + secs(coldReport.runStageMillis() / 1000.0) + ", render + publish " + secs(coldReport.renderMillis() / 1000.0)));

        say("warm builds with no change…");
        List<Timed> warm = new ArrayList<>();
        for (int i = 0; i < options.runs() && remaining().toSeconds() > 20; i++) {
            warm.add(site());
        }
        Timed warmMedian = median(warm);
        String inBuilder = builderSaid(warmMedian);
        builds.add(new Row("warm build, no change (median of " + warm.size() + ")", secs(warmMedian.seconds()),
                "the builder's own share: " + inBuilder + "; the rest is the launcher and the JVM starting"));

        say("build after one prose edit…");
        Path prose = proseFile();
        Files.writeString(prose, "\nThis sentence was added by the benchmark.\n", StandardOpenOption.APPEND);
        Timed afterProse = site();
        Build.Report proseReport = report();
        builds.add(new Row("after one prose edit (" + book.relativize(prose) + ")", secs(afterProse.seconds()),
                proseReport.ran() + " block(s) run; every page rendered again (JRuby starts)"));

        say("build after editing one script…");
        Optional<Runner.Ran> first = coldReport.runs().stream().findFirst();
        if (first.isPresent()) {
            Path script = book.resolve(first.get().script());
            Files.writeString(script, "\n// edited by the benchmark\n", StandardOpenOption.APPEND);
            Timed afterScript = site();
            Build.Report scriptReport = report();
            builds.add(new Row("after editing one script (" + first.get().script() + ")", secs(afterScript.seconds()),
                    scriptReport.ran() + " block(s) run; JBang rebuilt it in " + secs(scriptReport.prepareMillis() / 1000.0)));
        } else {
            builds.add(new Row("after editing one script", "n/a", "the book has no jbang:: block"));
        }
        say("full build again, execution cache ignored (--fresh)…");
        Timed fresh = jbang(List.of("site", "--fresh"), remaining());
        if (fresh.exit() != 0) {
            throw new IOException("./jbang site --fresh failed in the copy of the book:\n" + fresh.tail());
        }
        Build.Report freshReport = report();
        double freshSerial = freshReport.serialMillis() / 1000.0;
        builds.add(new Row("full build, scripts already compiled (--fresh: every block runs again)", secs(fresh.seconds()),
                freshReport.ran() + " block(s) run; run stage " + secs(freshReport.runStageMillis() / 1000.0)
                        + ", render + publish " + secs(freshReport.renderMillis() / 1000.0)));

        double ratio = serial > 0 ? cold.seconds() / serial : Double.NaN;
        builds.add(new Row("cold full build ÷ serial sum of its scripts' run times", ratio(ratio),
                "serial sum " + secs(serial) + " over " + coldReport.ran() + " block(s); with each script's first JBang build "
                        + "added to its run, the serial sum is " + secs(firstRuns(coldReport)) + " and the ratio "
                        + ratio(cold.seconds() / firstRuns(coldReport))));
        double freshRatio = freshSerial > 0 ? fresh.seconds() / freshSerial : Double.NaN;
        builds.add(new Row("--fresh full build ÷ serial sum of its scripts' run times", ratio(freshRatio),
                "serial sum " + secs(freshSerial) + " over " + freshReport.ran() + " block(s)"));

        boolean warmMet = warmMedian.seconds() <= WARM_GOAL_SECONDS;
        goals.add("Warm no-change build ≤ " + secs(WARM_GOAL_SECONDS) + ": " + (warmMet ? "met" : "not met") + " ("
                + secs(warmMedian.seconds()) + "; the builder itself took " + inBuilder + ").");
        boolean parallelMet = !Double.isNaN(ratio) && ratio <= PARALLEL_GOAL;
        boolean freshMet = !Double.isNaN(freshRatio) && freshRatio <= PARALLEL_GOAL;
        long fixed = coldReport.prepareMillis() + coldReport.renderMillis() + coldReport.collectMillis();
        goals.add("Cold full build ≤ " + PARALLEL_GOAL + " × serial sum: " + (parallelMet ? "met" : "not met") + " ("
                + (Double.isNaN(ratio) ? "no block ran" : String.format(Locale.ROOT, "%.2f", ratio)) + "). "
                + (parallelMet ? "Blocks run in parallel on " + Runtime.getRuntime().availableProcessors() + " cores."
                : "Fixed costs that do not shrink with parallelism: JBang building the scripts "
                + secs(coldReport.prepareMillis() / 1000.0) + ", JRuby start + render + publish "
                + secs(coldReport.renderMillis() / 1000.0) + ", JBang + JVM start " + secs(Math.max(0, cold.seconds()
                - coldReport.wallMillis() / 1000.0)) + " (" + secs(fixed / 1000.0 + Math.max(0, cold.seconds() - coldReport.wallMillis() / 1000.0))
                + " in all), against " + secs(serial) + " of script runs. "
                + (coldReport.prepareMillis() > coldReport.serialMillis()
                ? "JBang's first build of a script costs more than the script's run, so a build that must compile every "
                + "script cannot come under the run-only serial sum, however many blocks the book has; the --fresh row "
                + "shows the parallel win once scripts are compiled."
                : "The fixed part weighs less as the book gets more blocks.")));

        goals.add("Full build with scripts already compiled (--fresh) ≤ " + PARALLEL_GOAL + " × serial sum: "
                + (freshMet ? "met" : "not met") + " (" + ratio(freshRatio) + "; " + freshReport.ran() + " block(s) on "
                + Runtime.getRuntime().availableProcessors() + " cores, fixed cost JVM + JRuby start, render and publish "
                + secs(Math.max(0, fresh.seconds() - freshReport.runStageMillis() / 1000.0)) + ").");

        renderOnly(render);
        demos(coldReport, demos);

        String markdown = markdown(builds, render, demos, goals);
        Files.writeString(options.report(), markdown);
        return new Result(builds, render, demos, goals, markdown);
    }

    /** AsciidoctorJ (a JVM of its own, the builder's flags) and the Ruby CLI on the same pages. */
    private void renderOnly(List<Row> render) throws IOException, InterruptedException {
        List<String> pages = new ArrayList<>();
        try {
            Book.collect(book).pages().forEach(p -> pages.add(p.adoc().toString()));
        } catch (BuildFailure e) {
            render.add(new Row("render only", "n/a", "the book does not collect: " + e.getMessage()));
            return;
        }
        say("render only: AsciidoctorJ…");
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Djruby.compile.mode=OFF", "-Djruby.compile.invokedynamic=false",
                "-cp", System.getProperty("java.class.path"), RenderOnly.class.getName(), "pages"));
        java.addAll(pages);
        List<Timed> j = new ArrayList<>();
        for (int i = 0; i < options.runs() && remaining().toSeconds() > 20; i++) {
            j.add(time(java, Duration.ofMinutes(3)));
        }
        Timed jm = median(j);
        Matcher inside = Pattern.compile("start=(\\d+) first=(\\d+) warm=(\\d+)").matcher(jm.stdout());
        String note = inside.find() ? "JRuby start " + secs(Long.parseLong(inside.group(1)) / 1000.0) + ", first render "
                + secs(Long.parseLong(inside.group(2)) / 1000.0) + ", warm re-render " + secs(Long.parseLong(inside.group(3)) / 1000.0)
                + " (" + ms(Long.parseLong(inside.group(3)) / (double) pages.size()) + " a page)" : "failed: " + jm.tail();
        render.add(new Row("AsciidoctorJ " + asciidoctorjVersion() + ", one process (JVM + JRuby start + render), median of " + j.size(),
                jm.exit() == 0 ? secs(jm.seconds()) : "failed", note));

        say("render only: Asciidoctor Ruby CLI…");
        Optional<Path> cli = Stream.of("/usr/bin/asciidoctor", "/usr/local/bin/asciidoctor").map(Path::of)
                .filter(Files::isExecutable).findFirst();
        if (cli.isEmpty()) {
            render.add(new Row("Asciidoctor Ruby CLI", "not installed",
                    "install Debian's asciidoctor and ruby-rouge (scripts/test does) to compare"));
            render.add(new Row("ratio AsciidoctorJ ÷ Ruby CLI", "n/a", "the Ruby CLI is missing"));
            return;
        }
        String version = firstLine(time(List.of(cli.get().toString(), "--version"), Duration.ofSeconds(30)).stdout());
        List<String> ruby = new ArrayList<>(List.of(cli.get().toString()));
        ruby.addAll(List.of(RenderOnly.CLI_ATTRIBUTES));
        ruby.addAll(List.of("-D", book.resolve(".bench-render/ruby").toString()));
        ruby.addAll(pages);
        List<Timed> r = new ArrayList<>();
        for (int i = 0; i < options.runs() && remaining().toSeconds() > 10; i++) {
            r.add(time(ruby, Duration.ofMinutes(3)));
        }
        Timed rm = median(r);
        render.add(new Row(version.isEmpty() ? "Asciidoctor Ruby CLI" : version.replaceAll("\\s*\\[.*$", "") + " (Ruby CLI), one process, median of " + r.size(),
                rm.exit() == 0 ? secs(rm.seconds()) : "failed", rm.exit() == 0 ? "Ruby start + render, rouge highlighting" : rm.tail()));
        render.add(new Row("ratio AsciidoctorJ ÷ Ruby CLI (" + pages.size() + " page(s))",
                jm.exit() == 0 && rm.exit() == 0 ? String.format(Locale.ROOT, "%.2f", jm.seconds() / rm.seconds()) : "n/a",
                "the builder pays JRuby's start once per build, and not at all when nothing changed"));
    }

    /** Each demo: its first build (JBang build + run) against starting it again, through ./jbang and as the builder does. */
    private void demos(Build.Report cold, List<Row> demos) throws IOException, InterruptedException {
        Catalog catalog;
        try {
            catalog = Catalog.read(book);
        } catch (BuildFailure e) {
            return;
        }
        int measured = 0;
        for (Runner.Ran ran : cold.runs()) {
            String alias = catalog.aliasOf(book.resolve(ran.script())).orElse(null);
            String name = (alias == null ? ran.script() : alias) + (ran.args().isEmpty() ? "" : " " + String.join(" ", ran.args()));
            if (alias == null || remaining().toSeconds() < 30) {
                demos.add(new Row(name, secs((ran.prepareMillis() + ran.runMillis()) / 1000.0),
                        (alias == null ? "no alias" : "not timed (time budget)") + "|" + secs(ran.runMillis() / 1000.0)));
                continue;
            }
            say("run cost: ./jbang " + name + "…");
            List<String> command = new ArrayList<>(List.of("/bin/bash", book.resolve("jbang").toString(), alias));
            command.addAll(ran.args());
            Timed viaJbang = time(command, Duration.ofSeconds(Math.min(120, remaining().toSeconds())));
            demos.add(new Row(name, secs((ran.prepareMillis() + ran.runMillis()) / 1000.0),
                    (viaJbang.exit() == 0 ? secs(viaJbang.seconds()) : "exit " + viaJbang.exit()) + "|" + secs(ran.runMillis() / 1000.0)));
            measured++;
        }
        if (cold.runs().isEmpty()) {
            demos.add(new Row("(no demo)", "n/a", "n/a|n/a"));
        }
        say(measured + " demo(s) run through ./jbang");
    }

    private void copyBook() throws IOException {
        for (String part : List.of("notebooks", "jbang", "jbang-catalog.json")) {
            copy(options.root().resolve(part), book.resolve(part));
        }
        copy(options.tools().resolve("scripts"), book.resolve("scripts"));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private Path proseFile() throws IOException {
        try {
            List<builder.Page> pages = Book.collect(book).pages();
            return pages.get(pages.size() > 1 ? 1 : 0).adoc();
        } catch (BuildFailure e) {
            return book.resolve("notebooks/index.adoc");
        }
    }

    private Build.Report report() throws IOException {
        return GSON.fromJson(Files.readString(book.resolve(".book-cache/last-build.json")), Build.Report.class);
    }

    /** {@code ./jbang site} in the copy, as a reader types it. */
    private Timed site() throws IOException, InterruptedException {
        Timed timed = jbang(List.of("site"), remaining());
        if (timed.exit() != 0) {
            throw new IOException("./jbang site failed in the copy of the book:\n" + timed.tail());
        }
        return timed;
    }

    private Timed jbang(List<String> args, Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/bin/bash", book.resolve("jbang").toString()));
        command.addAll(args);
        return time(command, timeout);
    }

    /** A process's wall time, from start to exit; its whole tree is ended on timeout. */
    private Timed time(List<String> command, Duration timeout) throws IOException, InterruptedException {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IOException("the bench ran out of its time budget (" + options.budget().toSeconds() + " s); give more with --budget");
        }
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(book.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long nanos = System.nanoTime() - start;
        if (!done) {
            Processes.endTree(process);
            process.waitFor(10, TimeUnit.SECONDS);
        }
        return new Timed(done ? process.exitValue() : -1, nanos / 1e9, Files.readString(out), Files.readString(err));
    }

    private record Timed(int exit, double seconds, String stdout, String stderr) {
        String tail() {
            return builder.RunResult.tail(stdout + "\n" + stderr, 3).replaceAll("\\s+", " ").replace("|", "/");
        }
    }

    private static Timed median(List<Timed> runs) {
        if (runs.isEmpty()) {
            return new Timed(-1, Double.NaN, "", "no run: time budget");
        }
        List<Timed> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));
        return sorted.get(sorted.size() / 2);
    }

    private static String builderSaid(Timed run) {
        Matcher m = UP_TO_DATE.matcher(run.stdout());
        if (!m.find()) {
            return "unknown";
        }
        return m.group(1) != null ? m.group(1) + " ms" : m.group(2) + " s";
    }

    private Duration remaining() {
        return Duration.ofNanos(deadline - System.nanoTime());
    }

    private void say(String text) {
        if (options.log() != null) {
            options.log().println("  " + text);
        }
    }

    private static String asciidoctorjVersion() {
        String version = org.asciidoctor.Asciidoctor.class.getPackage().getImplementationVersion();
        if (version != null) {
            return version;
        }
        Matcher m = Pattern.compile("asciidoctorj-(\\d[\\w.]*)\\.jar").matcher(System.getProperty("java.class.path"));
        return m.find() ? m.group(1) : "";
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("").strip();
    }

    static String secs(double seconds) {
        if (Double.isNaN(seconds)) {
            return "n/a";
        }
        return seconds < 1 ? String.format(Locale.ROOT, "%d ms", Math.round(seconds * 1000))
                : String.format(Locale.ROOT, "%.2f s", seconds);
    }

    private static String ratio(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    /** What running each script once from scratch costs: its first JBang build plus its run. */
    private static double firstRuns(Build.Report report) {
        return report.runs().stream().mapToLong(r -> r.prepareMillis() + r.runMillis()).sum() / 1000.0;
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.0f ms", millis);
    }

    private String markdown(List<Row> builds, List<Row> render, List<Row> demos, List<String> goals) {
        StringBuilder md = new StringBuilder();
        md.append("# Build benchmark\n\n")
          .append("Written by `./jbang bench` (").append(Instant.now().toString(), 0, 16).append("Z) on this machine: ")
          .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ").append(Runtime.version().feature())
          .append(", load average ").append(String.format(Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
          .append(" at the end. Every build is `./jbang site` timed end to end, launcher included, in a temporary copy of the book ")
          .append("with a JBang cache of its own; both are deleted afterwards. One run each unless a median is named.\n\n");
        md.append("## Builds\n\n| build | wall time | note |\n|---|---:|---|\n");
        builds.forEach(r -> md.append("| ").append(r.what()).append(" | ").append(r.value()).append(" | ").append(r.note()).append(" |\n"));
        md.append("\n## Rendering only: the same pages, AsciidoctorJ vs the Asciidoctor Ruby CLI\n\n| renderer | wall time | note |\n|---|---:|---|\n");
        render.forEach(r -> md.append("| ").append(r.what()).append(" | ").append(r.value()).append(" | ").append(r.note()).append(" |\n"));
        md.append("\n## Run cost per demo\n\n")
          .append("First build: JBang compiles the script (empty JBang cache) and the builder runs it. ")
          .append("`./jbang ALIAS`: a reader's start with JBang's cache warm. Cached start: the builder's own start, ")
          .append("the java command JBang gave it, kept in `.book-cache/`.\n\n")
          .append("| demo | first build | `./jbang ALIAS` | cached start |\n|---|---:|---:|---:|\n");
        demos.forEach(r -> md.append("| ").append(r.what()).append(" | ").append(r.value()).append(" | ")
                .append(r.note().replace("|", " | ")).append(" |\n"));
        md.append("\n## Goals\n\n");
        goals.forEach(g -> md.append("- ").append(g).append('\n'));
        return md.toString();
    }
}
