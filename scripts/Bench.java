///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Measure the build: cold, warm, after an edit; AsciidoctorJ vs the Ruby CLI; run cost per demo
//JAVA 17+
//DEPS info.picocli:picocli:4.7.7
//DEPS org.asciidoctor:asciidoctorj:3.0.1
//DEPS com.google.code.gson:gson:2.13.2
//SOURCES builder/*.java
//SOURCES check/BuildBench.java
//SOURCES check/RenderOnly.java

import builder.BookRoot;
import check.BuildBench;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Measures the build on this machine, in a temporary copy of the book with a JBang",
            "cache of its own (both deleted at the end), and writes the table to bench.md:",
            "  - ./jbang site end to end: cold full build (empty caches), warm build with no",
            "    change, after one prose edit, after editing one script; the cold build's",
            "    wall time over the serial sum of its scripts' run times;",
            "  - rendering only: AsciidoctorJ vs the Asciidoctor Ruby CLI on the same pages;",
            "  - run cost per demo: first build vs cached start.",
            "Goals: warm no-change build <= 1 s; cold full build <= 0.6 x serial sum."})
public class Bench implements Callable<Integer> {

    @Option(names = "--runs", paramLabel = "N", description = "Runs of each repeated timing; the median is shown (default ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--budget", paramLabel = "SECONDS", description = "Stop measuring after this long (default ${DEFAULT-VALUE}).")
    long budget = 900;

    @Option(names = "--report", paramLabel = "FILE", description = "Where the table goes (default: bench.md in the book's root).")
    Path report;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path root = BookRoot.find();
        System.out.println("Benchmarking the build of " + root + " (at most " + budget + " s):");
        BuildBench.Result result = new BuildBench(new BuildBench.Options(root, root,
                report == null ? root.resolve("bench.md") : report, Math.max(1, runs), Duration.ofSeconds(budget), System.out)).run();
        System.out.println();
        System.out.print(result.markdown());
        System.out.println();
        System.out.println("Written to " + (report == null ? root.resolve("bench.md") : report));
        return 0;
    }
}
