///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Serve the book on 127.0.0.1: rebuild and reload on edit, Run buttons with streamed output, live widgets
//JAVA 17+
//DEPS info.picocli:picocli:4.7.7
//DEPS org.asciidoctor:asciidoctorj:3.0.1
//DEPS com.google.code.gson:gson:2.13.2
//DEPS org.glassfish.tyrus:tyrus-server:2.2.2
//DEPS org.glassfish.tyrus:tyrus-container-grizzly-server:2.2.2
//DEPS io.methvin:directory-watcher:0.19.1
//SOURCES builder/*.java
//SOURCES serve/*.java

import builder.BookRoot;
import builder.Build;
import builder.Progress;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import serve.Runs;
import serve.Serving;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {
            "Serves the book on 127.0.0.1 while you write it: builds site/ (reusing",
            "the build's cache), then rebuilds what an edit changes and reloads the",
            "open pages. Every block gets a Run button that streams a fresh run's",
            "output into the page. Only a browser that opened the printed address",
            "(it carries a token) gets in. Ctrl-C stops it, and every run with it."})
public class Serve implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "N", description = "The port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port = 8000;

    @Option(names = "--no-open", description = "Do not open a browser; only print the address.")
    boolean noOpen;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Serve()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        var root = BookRoot.find();
        Build.Options options = Build.Options.defaults(root)
                .withProgress(new Progress(System.out, System.console() != null, root));
        Serving serving;
        try {
            serving = Serving.start(options, port, Runs.Limits.defaults(), System.out);
        } catch (IOException e) {
            System.err.println("./jbang serve: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            serving.close();
            stopped.countDown();
        }, "book-serve-stop"));
        System.out.println();
        System.out.println("Serving the book at " + serving.url());
        System.out.println("(the address carries a token: only a browser that opened it gets in; Ctrl-C stops)");
        if (!noOpen) {
            open(serving.url().toString());
        }
        stopped.await();
        return 0;
    }

    /** Opens the address with xdg-open when there is one; otherwise the printed address is enough. */
    private static void open(String url) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File xdgOpen = new File(dir, "xdg-open");
            if (xdgOpen.canExecute()) {
                try {
                    new ProcessBuilder(xdgOpen.getPath(), url).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                } catch (IOException e) {
                    System.out.println("(could not open a browser: " + e.getMessage() + "; open the address above)");
                }
                return;
            }
        }
    }
}
