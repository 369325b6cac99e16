package builder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claims end to end on a fixture book: a real script calls the book's own kit.Claims, the builder
 * reads what it recorded, fails the block on a failed claim and lists the checked ones on the page.
 */
class ClaimsBuildTest {
    private static Renderer renderer;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRenderer() {
        renderer = new Renderer();
    }

    @AfterAll
    static void stopRenderer() {
        renderer.close();
    }

    /** A chapter whose script checks "the count is even" on its argument: 4 holds, 3 fails. */
    private FixtureBook counting(String block) throws Exception {
        return FixtureBook.create(dir)
                .write("notebooks/_kit/Claims.java", Files.readString(FixtureBook.BOOK.resolve("notebooks/_kit/Claims.java")))
                .chapter("count", "= Count\n\nThe count is even.\n\n" + block + "\n")
                .script("count", "Count.java", FixtureBook.java("Count", """
                        int n = Integer.parseInt(args[0]);
                        System.out.println("count: " + n);
                        kit.Claims.check("the count is positive", n > 0, "count: " + n);
                        kit.Claims.check("the count is even", n % 2 == 0, "count: " + n + " & more");
                        """).replace("//JAVA 17+", "//JAVA 17+\n//SOURCES ../_kit/Claims.java"), "count");
    }

    private int lineOf(FixtureBook book, String text) throws Exception {
        List<String> lines = Files.readAllLines(book.file("notebooks/count/Count.java"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text);
    }

    private String failure(FixtureBook book) {
        BuildFailure failure = assertThrows(BuildFailure.class, () -> new Build(book.options(), renderer).run());
        return String.join("\n", failure.errors().stream().map(BuildError::format).toList());
    }

    @Test
    void aFailedClaimFailsTheBuildNamingTheClaimWhatWasObservedAndTheScriptLine() throws Exception {
        FixtureBook book = counting("jbang::Count.java[args=\"3\"]");
        String message = failure(book);
        int line = lineOf(book, "\"the count is even\"");
        assertTrue(message.contains("notebooks/count/chapter.adoc:5: Count.java: claim failed: \"the count is even\" "
                + "(notebooks/count/Count.java:" + line + ")"), message);
        assertTrue(message.contains("observed: count: 3 & more"), message);
        assertTrue(!message.contains("exited with"), "one message, about the claim: " + message);
        assertTrue(!Files.exists(book.file("site/count.html")), "no page is published from a contradicted run");
    }

    @Test
    void aFailedClaimFailsEvenABlockThatExpectsItsExitStatus() throws Exception {
        FixtureBook book = counting("jbang::Count.java[args=\"3\", expect-exit=70]");
        String message = failure(book);
        assertTrue(message.contains("claim failed: \"the count is even\" (notebooks/count/Count.java:"
                + lineOf(book, "\"the count is even\"") + ")"), message);
    }

    @Test
    void thePageListsEachCheckedClaimBesideTheOutput() throws Exception {
        FixtureBook book = counting("jbang::Count.java[args=\"4\"]");
        Build.Summary summary = new Build(book.options(), renderer).run();
        assertEquals(1, summary.ran());
        String page = book.read("site/count.html");
        int positive = lineOf(book, "\"the count is positive\"");
        int even = lineOf(book, "\"the count is even\"");
        assertTrue(page.contains("<p class=\"jbang-claims-head\" id=\"run-count-1-claims\">Claims checked by this run</p>"), page);
        assertTrue(page.contains("<ul aria-labelledby=\"run-count-1-claims\">"), page);
        assertTrue(page.contains("<li class=\"jbang-claim\" data-holds=\"true\"><span class=\"jbang-claim-verdict\">holds</span> "
                + "<span class=\"jbang-claim-text\">the count is positive</span> <span class=\"jbang-claim-observed\">count: 4</span> "
                + "<code class=\"jbang-claim-where\">Count.java:" + positive + "</code></li>"), page);
        assertTrue(page.contains("<span class=\"jbang-claim-text\">the count is even</span> "
                + "<span class=\"jbang-claim-observed\">count: 4 &amp; more</span> <code class=\"jbang-claim-where\">Count.java:" + even), page);
        assertTrue(page.indexOf("jbang-stdout") < page.indexOf("jbang-claims"), "the claims follow the output");

        book.write("notebooks/count/chapter.adoc", "= Count\n\nThe count is even, as the run says.\n\njbang::Count.java[args=\"4\"]\n");
        Build.Summary again = new Build(book.options(), renderer).run();
        assertEquals(1, again.cached(), "a prose edit renders from the cache");
        String rerendered = book.read("site/count.html");
        assertTrue(rerendered.contains("as the run says") && rerendered.contains("data-cached=\"true\""), rerendered);
        assertTrue(rerendered.contains("<span class=\"jbang-claim-text\">the count is even</span>"), "a cached run keeps its claims");
    }
}
