package contrib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import builder.Build;
import builder.BuildError;
import builder.BuildFailure;
import builder.Renderer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scaffold.Scaffold;

/**
 * The mistakes a contributor is likely to make, each on a book started with
 * {@code new chapter}: the build answers each with ONE message that has a
 * file:line and says how to fix it. Real scripts, real JBang, real AsciidoctorJ.
 */
class NewcomerMistakesTest {
    private static Renderer renderer;

    @TempDir
    Path dir;
    private Path book;

    @BeforeAll
    static void startRenderer() {
        renderer = new Renderer();
    }

    @AfterAll
    static void stopRenderer() {
        renderer.close();
    }

    @BeforeEach
    void startABook() throws Exception {
        book = Books.empty(dir.resolve("book"), "{\n  \"aliases\": {}\n}\n");
        new Scaffold(book).chapter("pulse", "Pulse");
    }

    /** The one message the build gives, printed as ./jbang site prints it. */
    private BuildError theOneMessage() {
        BuildFailure failure = assertThrows(BuildFailure.class, () -> new Build(
                Build.Options.defaults(book).withJobs(2).withTools(Books.BOOK), renderer).run());
        String all = String.join("\n", failure.errors().stream().map(BuildError::format).toList());
        System.out.println(all + "\n");
        assertEquals(1, failure.errors().size(), all);
        BuildError error = failure.errors().get(0);
        assertTrue(error.where().matches("[\\w./-]+:\\d+"), "file:line, was " + error.where());
        assertTrue(error.format().contains("fix: "), all);
        return error;
    }

    private void chapter(String text) throws Exception {
        Files.writeString(book.resolve("notebooks/pulse/chapter.adoc"), "= Pulse\n\n" + text);
    }

    /** A script with an alias (made by new demo, then given this main body), shown by the chapter's only block. */
    private void script(String name, String block, String body) throws Exception {
        new Scaffold(book).demo("pulse", name, null, null);
        Files.writeString(book.resolve("notebooks/pulse/" + name + ".java"), """
                ///usr/bin/env jbang "$0" "$@" ; exit $?
                //DESCRIPTION a script with a mistake in it
                //JAVA 17+

                public class %s {
                    public static void main(String[] args) throws Exception {
                %s
                    }
                }
                """.formatted(name, body.indent(8).stripTrailing()));
        chapter(block + "\n");
    }

    @Test
    void aBlockNamesAScriptThatDoesNotExist() throws Exception {
        chapter("Some prose.\n\njbang::FirstReqest.java[tags=\"server;client\"]\n");
        BuildError error = theOneMessage();
        assertEquals("notebooks/pulse/chapter.adoc:5", error.where());
        assertTrue(error.format().contains("fix: did you mean jbang::FirstRequest.java[...]?"), error.format());
    }

    @Test
    void aRenamedScriptLeavesItsAliasBehindAndThatIsStillOneMessage() throws Exception {
        Files.move(book.resolve("notebooks/pulse/FirstRequest.java"), book.resolve("notebooks/pulse/OneRequest.java"));
        BuildError error = theOneMessage();
        assertTrue(error.message().startsWith("script FirstRequest.java does not exist"), error.format());
        assertTrue(error.format().contains("did you mean jbang::OneRequest.java[...]?"), error.format());
        assertTrue(error.format().contains("the alias \"pulse-first-request\" at jbang-catalog.json:"), error.format());
    }

    @Test
    void aScriptWithoutAnAliasGetsTheJsonToAdd() throws Exception {
        Files.writeString(book.resolve("notebooks/pulse/Loose.java"), Files.readString(book.resolve("notebooks/pulse/FirstRequest.java"))
                .replace("class FirstRequest", "class Loose"));
        chapter("jbang::Loose.java[]\n");
        BuildError error = theOneMessage();
        assertEquals("notebooks/pulse/chapter.adoc:3", error.where());
        assertTrue(error.format().contains("\"loose\": {\n      \"script-ref\": \"notebooks/pulse/Loose.java\","), error.format());
    }

    @Test
    void aChapterThatIsNotInTheNav() throws Exception {
        Files.createDirectories(book.resolve("notebooks/extra"));
        Files.writeString(book.resolve("notebooks/extra/chapter.adoc"), "= Extra\n\nWritten, but not listed.\n");
        BuildError error = theOneMessage();
        assertEquals("notebooks/extra/chapter.adoc:1", error.where());
        assertTrue(error.message().contains("chapter \"extra\" is not in notebooks/nav.txt"), error.format());
        assertTrue(error.format().contains("fix: add the line `extra` to notebooks/nav.txt where it belongs in reading order"
                + " (the last chapter now is line 2, pulse)"), error.format());
    }

    @Test
    void aTagThatIsNotInTheScriptListsTheTagsThatAre() throws Exception {
        chapter("jbang::FirstRequest.java[tags=\"server;clinet\"]\n");
        BuildError error = theOneMessage();
        assertEquals("notebooks/pulse/chapter.adoc:3", error.where());
        assertTrue(error.message().equals("tag \"clinet\" is not in FirstRequest.java"), error.format());
        assertTrue(error.format().contains("fix: did you mean tags=\"client\"? the tags in FirstRequest.java are: server, client"),
                error.format());
    }

    @Test
    void aMisspeltFigureNamesTheNearestOne() throws Exception {
        String adoc = Files.readString(book.resolve("notebooks/pulse/chapter.adoc"));
        Files.writeString(book.resolve("notebooks/pulse/chapter.adoc"),
                adoc.replace("fig:pulse.first-request-ms[]", "fig:pulse.first-requests-ms[]"));
        BuildError error = theOneMessage();
        assertTrue(error.format().startsWith("notebooks/pulse/chapter.adoc:15: unknown figure fig:pulse.first-requests-ms[]"),
                error.format());
        assertTrue(error.format().contains("fix: did you mean fig:pulse.first-request-ms[]?"), error.format());
    }

    @Test
    void aScriptThatExitsNonZeroShowsItsStderrTail() throws Exception {
        script("Refused", "jbang::Refused.java[]", """
                System.out.println("connecting to 127.0.0.1");
                System.err.println("java.net.ConnectException: Connection refused");
                System.exit(3);""");
        BuildError error = theOneMessage();
        assertEquals("notebooks/pulse/chapter.adoc:3", error.where());
        assertEquals("Refused.java exited with 3 (expected 0)", error.message());
        assertTrue(error.format().contains("  | java.net.ConnectException: Connection refused"), error.format());
        assertTrue(error.format().contains("fix: run it yourself: ./jbang notebooks/pulse/Refused.java; "
                + "if failing is the point, add expect-exit=3"), error.format());
    }

    @Test
    void aScriptThatPrintsNothing() throws Exception {
        script("Silent", "Before.\n\njbang::Silent.java[]", "int answer = 6 * 7;");
        BuildError error = theOneMessage();
        assertEquals("notebooks/pulse/chapter.adoc:5", error.where());
        assertEquals("Silent.java printed nothing", error.message());
    }

    @Test
    void aTimeoutNamesTheWaitFromTheScriptsOwnOutput() throws Exception {
        script("Hangs", "jbang::Hangs.java[timeout=3s]", """
                System.out.println("connected to 127.0.0.1");
                System.out.println("waiting for the server's pong");
                new java.util.concurrent.CountDownLatch(1).await();""");
        BuildError error = theOneMessage();
        assertEquals("notebooks/pulse/chapter.adoc:3", error.where());
        assertEquals("Hangs.java ran past its timeout of 3 s and was killed with everything it started", error.message());
        assertTrue(error.format().contains("the wait that never ended comes after its last words, "
                + "\"waiting for the server's pong\" (notebooks/pulse/Hangs.java:8)"), error.format());
        assertTrue(error.format().contains("fix: bound that wait"), error.format());
    }

    @Test
    void aSourcesLineThatFindsNothingIsNamedInTheScriptRelativeToTheBook() throws Exception {
        Path script = book.resolve("notebooks/pulse/FirstRequest.java");
        Files.writeString(script, Files.readString(script).replace("//SOURCES ../_kit/*.java", "//SOURCES ../kit/*.java"));
        BuildError error = theOneMessage();
        assertEquals("notebooks/pulse/FirstRequest.java:4", error.where());
        assertEquals("//SOURCES ../kit/*.java matches no file (the script of notebooks/pulse/chapter.adoc:12)", error.message());
        assertEquals("fix: the path is relative to notebooks/pulse", error.fix());
    }

    @Test
    void aCatalogThatIsNotJsonAnyMoreIsNamedWithItsLine() throws Exception {
        String catalog = Files.readString(book.resolve("jbang-catalog.json"));
        Files.writeString(book.resolve("jbang-catalog.json"), catalog.replace("\"script-ref\": \"notebooks/pulse/FirstRequest.java\",",
                "\"script-ref\": \"notebooks/pulse/FirstRequest.java\""));
        BuildError error = theOneMessage();
        assertEquals("jbang-catalog.json:5", error.where());
        assertEquals("the catalog is not valid JSON: Unterminated object at line 5 column 8 path $.aliases.pulse-first-request.script-ref",
                error.message());
    }

    @Test
    void anAliasThatPointsToNothing() throws Exception {
        String catalog = Files.readString(book.resolve("jbang-catalog.json"));
        Files.writeString(book.resolve("jbang-catalog.json"), catalog.replace("\"aliases\": {",
                "\"aliases\": {\n    \"ghost\": {\"script-ref\": \"notebooks/pulse/Ghost.java\", \"description\": \"gone\"},"));
        BuildError error = theOneMessage();
        assertEquals("jbang-catalog.json:3", error.where());
        assertEquals("alias \"ghost\" points to notebooks/pulse/Ghost.java, which does not exist", error.message());
    }
}
