///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Check the book: links, anchors, images, valid HTML, catalog and nav, measured numbers in prose, offline site
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -Djruby.compile.mode=OFF -Djruby.compile.invokedynamic=false
//DEPS info.picocli:picocli:4.7.7
//DEPS org.asciidoctor:asciidoctorj:3.0.1
//DEPS com.google.code.gson:gson:2.13.2
//DEPS org.jsoup:jsoup:1.22.1
//DEPS nu.validator:validator:26.5.2
//SOURCES builder/*.java
//SOURCES check/*.java

import builder.BookRoot;
import builder.Build;
import builder.BuildError;
import builder.Progress;
import check.BookCheck;
import check.Drift;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {
            "Checks the book and its site; fails with file:line and a fix for each problem.",
            "Sources: every alias in jbang-catalog.json points to a script; every script",
            "in notebooks/ (outside _kit/) has an alias; every chapter is in the nav list;",
            "prose quotes no measured number by hand (the drift rule, below), and every",
            "sentence comparing two figures rests on a checked claim or an RFC (below).",
            "Site (built first when missing or stale, as ./jbang site would): every link,",
            "anchor and image points to something in the site; every page is valid HTML",
            "(the Nu HTML Checker); nothing a page loads names another host (resource",
            "src/href/srcset, CSS url() and @import, strings in JavaScript code).",
            ""})
public class Check implements Callable<Integer> {

    @Option(names = "--no-build", description = "Check site/ as it is, without building it first.")
    boolean noBuild;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Blocks run at the same time if a build is needed.")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", paramLabel = "DIR", description = "The site to check (default: site/ in the book's root).")
    Path out;

    public static void main(String[] args) {
        CommandLine command = new CommandLine(new Check());
        command.getCommandSpec().usageMessage().footer(("%n" + Drift.RULE.replace("%", "%%")
                + "%n%n" + check.Comparisons.RULE.replace("%", "%%")).split("\n"));
        System.exit(command.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path root = BookRoot.find();
        Build.Options options = new Build.Options(root, out == null ? root.resolve("site") : out, false, jobs, null,
                new Progress(System.out, System.console() != null, root));
        System.out.println("Checking the book in " + root + ":");
        BookCheck.Report report = new BookCheck(options, !noBuild, System.out).run();
        if (report.passed()) {
            System.out.println("All checks passed.");
            return 0;
        }
        System.err.println();
        for (BuildError problem : report.problems()) {
            System.err.println(problem.format());
        }
        System.err.printf("%nCheck failed (%d problem%s).%n", report.problems().size(), report.problems().size() == 1 ? "" : "s");
        return 1;
    }
}
