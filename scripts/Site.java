///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Build the book: run every jbang:: block, render notebooks/ into site/
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -Djruby.compile.mode=OFF -Djruby.compile.invokedynamic=false
//DEPS info.picocli:picocli:4.7.7
//DEPS org.asciidoctor:asciidoctorj:3.0.1
//DEPS com.google.code.gson:gson:2.13.2
//SOURCES builder/*.java

import builder.Build;
import builder.BuildError;
import builder.BuildFailure;
import builder.BookRoot;
import builder.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "site", mixinStandardHelpOptions = true,
        description = {
            "Builds the book: runs every jbang:: block of notebooks/ (each as its own process, in parallel,",
            "cached by content), then renders the front page and the chapters into a static site.",
            "A failed build lists every problem with file:line and leaves the previous site as it was."})
public class Site implements Callable<Integer> {

    @Option(names = "--fresh", description = "Run every block again, ignoring the execution cache.")
    boolean fresh;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Blocks run at the same time (default: number of cores, ${DEFAULT-VALUE}). "
                    + "Blocks marked exclusive always run alone.")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--only", paramLabel = "CHAPTER",
            description = "Run and render only this chapter (its folder name, or 'index' for the front page); "
                    + "the rest of the site stays as it was.")
    String only;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the site goes (default: site/ in the book's root).")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Site()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path root = BookRoot.find();
        boolean terminal = System.console() != null;
        Build.Options options = new Build.Options(root, out == null ? root.resolve("site") : out, fresh, jobs, only,
                new Progress(System.out, terminal, root));
        try {
            Build.Summary summary = new Build(options).run();
            summary.print(System.out, root, options.out());
            return 0;
        } catch (BuildFailure failure) {
            System.err.println();
            for (BuildError error : failure.errors()) {
                System.err.println(error.format());
            }
            System.err.printf("%nBuild failed (%d problem%s). %s%n", failure.errors().size(),
                    failure.errors().size() == 1 ? "" : "s",
                    Files.isDirectory(options.out()) ? "The previous " + root.relativize(options.out()) + "/ is untouched."
                            : "Nothing was published.");
            return 1;
        }
    }
}
