///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Print the whole book to a PDF: builds site/print.html if needed, then prints it with a local Chromium
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -Djruby.compile.mode=OFF -Djruby.compile.invokedynamic=false
//COMPILE_OPTIONS -encoding UTF-8
//DEPS info.picocli:picocli:4.7.7
//DEPS org.asciidoctor:asciidoctorj:3.0.1
//DEPS com.google.code.gson:gson:2.13.2
//SOURCES builder/*.java

import builder.BookRoot;
import builder.Build;
import builder.BuildError;
import builder.BuildFailure;
import builder.PrintEdition;
import builder.Processes;
import builder.Progress;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "pdf", mixinStandardHelpOptions = true,
        description = {
            "Prints the book's print edition (site/print.html: every page in reading order) to a PDF",
            "with the Chromium installed on this machine. The site is built first, as ./jbang site would",
            "(nothing runs again if nothing changed)."})
public class Pdf implements Callable<Integer> {

    /** Names a Chromium goes by on PATH, in the order they are tried. */
    static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

    @Option(names = "--out", paramLabel = "FILE", description = "Where the PDF goes (default: book.pdf in the book's root).")
    Path out;

    @Option(names = "--chromium", paramLabel = "PATH",
            description = "The Chromium (or Chrome) to print with (default: $CHROMIUM, else the first of "
                    + "chromium, chromium-browser, google-chrome, google-chrome-stable on PATH).")
    Path chromium;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Pdf()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path root = BookRoot.find();
        Optional<Path> browser = chromium != null ? Optional.of(chromium).filter(Files::isExecutable) : findChromium();
        if (browser.isEmpty()) {
            System.err.println("./jbang pdf needs Chromium and found none"
                    + (chromium != null ? " at " + chromium : " (set CHROMIUM or install it: sudo apt-get install chromium)")
                    + ".");
            return 2;
        }
        Path site = root.resolve("site");
        try {
            new Build(new Build.Options(root, site, false, Runtime.getRuntime().availableProcessors(), null,
                    new Progress(System.out, System.console() != null, root))).run();
        } catch (BuildFailure failure) {
            for (BuildError error : failure.errors()) {
                System.err.println(error.format());
            }
            System.err.println("The site did not build, so there is no print edition to print.");
            return 1;
        }
        Path page = site.resolve(PrintEdition.FILE);
        Path pdf = (out != null ? out : root.resolve("book.pdf")).toAbsolutePath().normalize();
        Files.createDirectories(pdf.getParent());
        Files.deleteIfExists(pdf);
        Path profile = Files.createTempDirectory("book-pdf-");
        try {
            Path log = profile.resolve("chromium.log");
            Processes.Finished finished = Processes.run(List.of(browser.get().toString(),
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                    "--user-data-dir=" + profile.resolve("profile"), "--no-pdf-header-footer",
                    "--print-to-pdf=" + pdf, page.toUri().toString()),
                    root, Map.of(), log, log, Duration.ofMinutes(3));
            if (finished.exit() != 0 || !Files.isRegularFile(pdf) || Files.size(pdf) == 0) {
                System.err.println(browser.get() + " did not print " + page
                        + (finished.timedOut() ? " within 3 minutes" : " (exit " + finished.exit() + ")")
                        + "; its last words: " + lastLine(log));
                return 1;
            }
        } finally {
            deleteTree(profile);
        }
        System.out.printf(Locale.ROOT, "Printed %s to %s (%,d KB).%n", root.relativize(page), pdf, (Files.size(pdf) + 1023) / 1024);
        return 0;
    }

    static Optional<Path> findChromium() {
        String env = System.getenv("CHROMIUM");
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : BROWSERS) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name));
                }
            }
        }
        return Optional.empty();
    }

    private static String lastLine(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("(nothing)");
        } catch (Exception e) {
            return "(no log)";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // a temporary folder left behind is harmless
        }
    }
}
