///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Start a chapter or a demo from the house templates: ./jbang new chapter <slug> "Title", ./jbang new demo <chapter> <Name>
//JAVA 17+
//DEPS info.picocli:picocli:4.7.7
//DEPS com.google.code.gson:gson:2.13.2
//SOURCES scaffold/*.java builder/Suggest.java builder/BookRoot.java

import builder.BookRoot;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import scaffold.Refused;
import scaffold.Scaffold;

@Command(name = "new", mixinStandardHelpOptions = true,
        subcommands = {New.Chapter.class, New.Demo.class},
        description = {"Starts a chapter or a demo the way the book wants them, ready to build.",
            "Nothing is written when a check fails; the message says why."})
public class New implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new New()).execute(args));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 2;
    }

    @Command(name = "chapter", mixinStandardHelpOptions = true,
            header = "Start a chapter: folder, text, a first demo, nav line and alias.",
            description = {"Creates notebooks/<slug>/: chapter.adoc (title, intro, one working block)",
                "and FirstRequest.java (a server on 127.0.0.1, one request to it).",
                "Lists the chapter last in notebooks/nav.txt; adds the alias to jbang-catalog.json."})
    static class Chapter implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "<slug>", description = "Folder name, lower-case-dashes: becomes <slug>.html.")
        String slug;

        @Parameters(index = "1", paramLabel = "<title>", description = "The chapter's title, in quotes.")
        String title;

        @Override
        public Integer call() throws Exception {
            return run("new chapter", () -> new Scaffold(BookRoot.find()).chapter(slug, title));
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            header = "Add a demo to a chapter: script, alias and block.",
            description = {"Creates notebooks/<chapter>/<Name>.java from the house template,",
                "adds its alias to jbang-catalog.json and its block at the end of the chapter."})
    static class Demo implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "<chapter>", description = "The chapter's folder name.")
        String chapter;

        @Parameters(index = "1", paramLabel = "<Name>", description = "Class name, for what it shows: PollingVsPush.")
        String name;

        @Option(names = "--alias", paramLabel = "ALIAS", description = "Its name in the catalog (default: Name in lower-case-dashes).")
        String alias;

        @Option(names = {"-d", "--description"}, paramLabel = "TEXT", description = "One line on what it shows.")
        String description;

        @Override
        public Integer call() throws Exception {
            return run("new demo", () -> new Scaffold(BookRoot.find()).demo(chapter, name, alias, description));
        }
    }

    interface Step {
        Scaffold.Done run() throws Exception;
    }

    static int run(String command, Step step) throws Exception {
        try {
            System.out.print(step.run().report());
            return 0;
        } catch (Refused refused) {
            System.err.println(refused.format(command));
            System.err.println("Nothing was written.");
            return 1;
        }
    }
}
