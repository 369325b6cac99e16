package check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import builder.Build;
import builder.BuildError;
import builder.Renderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./jbang check on a small book: it passes on the clean book and fails, with
 * file:line and a fix, on each kind of defect put into a copy of it.
 */
class CheckTest {
    private static Renderer renderer;
    private static TinyBook clean;

    @TempDir
    static Path cleanDir;
    @TempDir
    Path dir;

    @BeforeAll
    static void buildTheCleanBook() throws Exception {
        renderer = new Renderer();
        clean = TinyBook.create(cleanDir);
        new Build(clean.options(), renderer).run();
    }

    @AfterAll
    static void stopRenderer() {
        renderer.close();
    }

    /** A copy of the clean, built book: its cached run makes a rebuild cost a render only. */
    private TinyBook copy() throws Exception {
        return clean.copyTo(dir.resolve("book"));
    }

    private static void rebuild(TinyBook book) throws Exception {
        new Build(book.options(), renderer).run();
    }

    private static List<BuildError> check(TinyBook book) throws Exception {
        return new BookCheck(book.options(), false, null).run().problems();
    }

    private static String text(List<BuildError> problems) {
        return problems.stream().map(BuildError::format).collect(Collectors.joining("\n"));
    }

    /** Exactly one problem, at this place, saying this, with a fix. */
    private static BuildError one(List<BuildError> problems, String where, String says) {
        assertEquals(1, problems.size(), text(problems));
        BuildError problem = problems.get(0);
        assertEquals(where, problem.where(), text(problems));
        assertTrue(problem.message().contains(says), text(problems));
        assertTrue(problem.fix().contains("fix:"), text(problems));
        return problem;
    }

    private static int lineOf(TinyBook book, String file, String text) throws Exception {
        List<String> lines = Files.readAllLines(book.root().resolve(file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    @Test
    void theCleanBookPasses() throws Exception {
        BookCheck.Report report = new BookCheck(clean.options(), false, null).run();
        assertEquals(List.of(), report.problems(), text(report.problems()));
        assertEquals(6, report.done().size(), report.done().toString());
    }

    @Test
    void aLinkToAMissingPageFailsAtItsChapterLine() throws Exception {
        TinyBook book = copy();
        book.append("notebooks/greet/chapter.adoc", "\nMore in link:nowhere.html[the next chapter].\n");
        rebuild(book);
        one(check(book), "notebooks/greet/chapter.adoc:" + lineOf(book, "notebooks/greet/chapter.adoc", "nowhere.html"),
                "nowhere.html");
    }

    @Test
    void anXrefToAMissingPageOrAnchorNamesTheChapterLineAndThenThePageLine() throws Exception {
        TinyBook book = copy();
        book.append("notebooks/greet/chapter.adoc", "\nMore in xref:nowhere.adoc[the next chapter].\n\nOr xref:index.adoc#start[the very start].\n");
        rebuild(book);
        List<BuildError> problems = check(book);
        assertEquals(2, problems.size(), text(problems));
        String file = "notebooks/greet/chapter.adoc";
        int page = lineOf(book, file, "xref:nowhere.adoc");
        int anchor = lineOf(book, file, "xref:index.adoc#start");
        assertTrue(problems.stream().anyMatch(p -> p.where().equals(file + ":" + page)
                && p.message().matches("link \"nowhere.html\" on greet.html \\(site/greet.html:\\d+\\) points to nowhere.html.*")), text(problems));
        assertTrue(problems.stream().anyMatch(p -> p.where().equals(file + ":" + anchor)
                && p.message().contains("points to an anchor that index.html does not have")), text(problems));
    }

    @Test
    void aMissingAnchorFailsAndNamesTheNearestOne() throws Exception {
        TinyBook book = copy();
        book.append("notebooks/greet/chapter.adoc", "\nSee <<sayit,above>>.\n");
        rebuild(book);
        BuildError problem = one(check(book), "notebooks/greet/chapter.adoc:" + lineOf(book, "notebooks/greet/chapter.adoc", "<<sayit"),
                "anchor");
        assertTrue(problem.fix().contains("#say-it") || problem.fix().contains("#_say_it"), problem.format());
    }

    @Test
    void aMissingImageFails() throws Exception {
        TinyBook book = copy();
        book.append("notebooks/greet/chapter.adoc", "\nimage::diagram.png[The handshake]\n");
        rebuild(book);
        one(check(book), "notebooks/greet/chapter.adoc:" + lineOf(book, "notebooks/greet/chapter.adoc", "diagram.png"),
                "image \"diagram.png\"");
    }

    @Test
    void invalidHtmlFailsWithTheCheckersMessage() throws Exception {
        TinyBook book = copy();
        book.append("notebooks/greet/chapter.adoc", "\n++++\n<p>A paragraph <div>with a block</div> inside it</p>\n++++\n");
        rebuild(book);
        List<BuildError> problems = check(book);
        assertTrue(!problems.isEmpty() && problems.stream().allMatch(p -> p.message().contains("not valid HTML")), text(problems));
        assertTrue(text(problems).contains("“p”"), text(problems));
        assertTrue(problems.get(0).where().matches("(notebooks/greet/chapter.adoc|site/greet.html):\\d+"), text(problems));
    }

    @Test
    void anAliasToNoScriptFailsAtItsCatalogLine() throws Exception {
        TinyBook book = copy();
        book.alias("gone", "notebooks/greet/Gone.java");
        one(check(book), "jbang-catalog.json:" + lineOf(book, "jbang-catalog.json", "\"gone\""), "does not exist");
    }

    @Test
    void aScriptWithoutAliasFailsWithTheJsonToAdd() throws Exception {
        TinyBook book = copy();
        book.write("notebooks/greet/Farewell.java", "///usr/bin/env jbang \"$0\" \"$@\" ; exit $?\nclass Farewell {}\n");
        book.write("notebooks/_kit/Helper.java", "package kit;\npublic class Helper { public static void main(String[] a) {} }\n");
        BuildError problem = one(check(book), "notebooks/greet/Farewell.java:1", "has no alias");
        assertTrue(problem.fix().contains("\"farewell\": {"), problem.format());
    }

    @Test
    void aChapterMissingFromTheNavFails() throws Exception {
        TinyBook book = copy();
        book.write("notebooks/later/chapter.adoc", "= Later\n\nText.\n");
        one(check(book), "notebooks/later/chapter.adoc:1", "is not in notebooks/nav.txt");
    }

    @Test
    void aSourceProblemThatAlsoFailsTheBuildIsSaidOnceAndTheOldSiteIsNotChecked() throws Exception {
        TinyBook book = copy();
        book.write("notebooks/later/chapter.adoc", "= Later\n\nText.\n");
        book.append("site/index.html", "<p>an old page, broken after the build: <a href=\"gone.html\">gone</a></p>\n");
        BookCheck.Report report = new BookCheck(book.options(), true, null).run();
        one(report.problems(), "notebooks/later/chapter.adoc:1", "is not in notebooks/nav.txt");
        assertTrue(report.done().get(report.done().size() - 1).contains("not checked until it builds"), report.done().toString());
    }

    @Test
    void aHandTypedMeasurementInProseFails() throws Exception {
        TinyBook book = copy();
        book.append("notebooks/greet/chapter.adoc", "\nThe echo came back in about 45 µs.\n");
        BuildError problem = one(check(book), "notebooks/greet/chapter.adoc:" + lineOf(book, "notebooks/greet/chapter.adoc", "45 µs"),
                "\"45 µs\"");
        assertTrue(problem.fix().contains("fig:"), problem.format());
    }

    @Test
    void aComparisonOfTwoFiguresWithNothingBehindItFailsAndAClaimBacksIt() throws Exception {
        TinyBook book = copy();
        String file = "notebooks/greet/chapter.adoc";
        book.append(file, "\nThe greeting has fig:greet.letters[] letters, more than the fig:greet.letters[] of yesterday.\n");
        BuildError problem = one(check(book), file + ":" + lineOf(book, file, "of yesterday"), "nothing checks it");
        assertTrue(problem.fix().contains("// claim:"), problem.format());

        book.write(file, Files.readString(book.root().resolve(file)).replace("\nThe greeting has fig:greet.letters[] letters, more",
                "\n// claim: the greeting is longer than yesterday's\nThe greeting has fig:greet.letters[] letters, more"));
        List<BuildError> unknown = check(book);
        assertEquals(2, unknown.size(), text(unknown));
        assertEquals(file + ":" + lineOf(book, file, "// claim:"), unknown.get(0).where(), text(unknown));
        assertTrue(unknown.get(0).message().contains("names no claim"), text(unknown));

        book.append("notebooks/greet/Greet.java", "\nclass Yesterday { static { kit.Claims.check(\"the greeting is longer than yesterday's\", true); } }\n");
        assertEquals(List.of(), check(book), "a claim the chapter's script checks backs the sentence");
    }

    @Test
    void aPageThatLoadsFromAnotherHostFails() throws Exception {
        TinyBook book = copy();
        book.append("notebooks/greet/chapter.adoc",
                "\n++++\n<img src=\"https://cdn.example.com/logo.png\" alt=\"logo\">\n++++\n");
        rebuild(book);
        one(check(book), "notebooks/greet/chapter.adoc:" + lineOf(book, "notebooks/greet/chapter.adoc", "cdn.example.com"),
                "from another host");
    }

    @Test
    void aDataBlockIsNotCodeButAScriptStillIs() throws Exception {
        TinyBook book = copy();
        book.append("notebooks/greet/chapter.adoc", "\n++++\n<script type=\"application/json\">{\"origin\": \"https://evil.example\"}</script>\n"
                + "<script>var tracker = \"https://api.example.com/track\";</script>\n++++\n");
        rebuild(book);
        BuildError problem = one(check(book), "notebooks/greet/chapter.adoc:" + lineOf(book, "notebooks/greet/chapter.adoc", "api.example.com"),
                "from another host");
        assertTrue(problem.message().contains("api.example.com") && !problem.message().contains("evil.example"), problem.format());
    }

    @Test
    void scriptsAndStylesOfTheSiteAreScannedToo() throws Exception {
        TinyBook book = copy();
        book.append("site/assets/book.js", "\n/* https://example.com/in-a-comment is not a request */\n"
                + "fetch(\"https://api.example.com/track\");\n");
        book.append("site/assets/book.css", "\n@import url(\"//fonts.example.com/font.css\");\n");
        List<BuildError> problems = check(book);
        assertEquals(2, problems.size(), text(problems));
        assertTrue(text(problems).contains("site/assets/book.js:") && text(problems).contains("api.example.com"), text(problems));
        assertTrue(text(problems).contains("site/assets/book.css:") && text(problems).contains("fonts.example.com"), text(problems));
    }

    @Test
    void aMissingSiteIsAProblemNotACrash() throws Exception {
        TinyBook book = copy();
        builder.ResultStore.deleteTree(book.root().resolve("site"));
        one(check(book), "site/", "no site");
    }
}
