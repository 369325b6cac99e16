package contrib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import builder.Block;
import builder.Book;
import builder.Catalog;
import builder.ScriptSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scaffold.Refused;
import scaffold.Scaffold;

/**
 * {@code ./jbang new chapter} and {@code ./jbang new demo} on copies of the
 * book: what they write, that the catalog keeps its formatting, and that a
 * refusal writes nothing. The builder's own collect stage judges the result.
 */
class NewCommandTest {
    @TempDir
    Path dir;

    @Test
    void aNewChapterIsAFolderANavLineAndOneAliasInsertedInPlace() throws Exception {
        Path book = Books.skeletonCopy(dir.resolve("book"));
        String catalogBefore = Files.readString(book.resolve("jbang-catalog.json"));
        String navBefore = Files.readString(book.resolve("notebooks/nav.txt"));

        Scaffold.Done done = new Scaffold(book).chapter("heartbeats", "Heartbeats");

        String inserted = """
                ,
                    "heartbeats-first-request": {
                      "script-ref": "notebooks/heartbeats/FirstRequest.java",
                      "description": "A first request to a server on 127.0.0.1, from the chapter Heartbeats"
                    }""";
        String catalogAfter = Files.readString(book.resolve("jbang-catalog.json"));
        assertEquals(1, catalogAfter.split(java.util.regex.Pattern.quote(inserted), -1).length - 1, catalogAfter);
        assertEquals(catalogBefore, catalogAfter.replace(inserted, ""), "every other byte of the catalog stays");
        assertEquals(navBefore + "heartbeats\n", Files.readString(book.resolve("notebooks/nav.txt")));

        Book collected = Book.collect(book); // what ./jbang site reads first: it must find nothing wrong
        assertEquals("heartbeats", collected.pages().get(collected.pages().size() - 1).slug(), "the new chapter comes last");
        assertEquals("Heartbeats", collected.pages().get(collected.pages().size() - 1).title());
        Block block = collected.blocks().stream().filter(b -> b.chapter().equals("heartbeats")).findFirst().orElseThrow();
        assertEquals(List.of("server", "client"), block.tags());
        assertEquals(Catalog.read(book).aliasOf(block.script()).orElseThrow(), "heartbeats-first-request");
        assertTrue(collected.figureRefs().stream().anyMatch(f -> f.name().equals("heartbeats.first-request-ms")),
                "the prose quotes the figure the script publishes");
        assertEquals(3, done.next().size(), done.report());
        assertTrue(done.report().contains("./jbang site --only heartbeats"), done.report());
    }

    @Test
    void theScriptFollowsTheHouseTemplate() throws Exception {
        Path book = Books.skeletonCopy(dir.resolve("book"));
        new Scaffold(book).chapter("heartbeats", "Heartbeats");
        Path script = book.resolve("notebooks/heartbeats/FirstRequest.java");
        List<String> lines = Files.readAllLines(script);
        assertEquals("///usr/bin/env jbang \"$0\" \"$@\" ; exit $?", lines.get(0));
        assertTrue(lines.get(1).startsWith("//DESCRIPTION "), lines.get(1));
        assertEquals(List.of("//JAVA 17+", "//SOURCES ../_kit/*.java"), lines.subList(2, 4));
        assertTrue(lines.contains("import kit.*;"));
        assertEquals(List.of("server", "client"), ScriptSource.tags(script));
        String source = Files.readString(script);
        assertTrue(source.contains(".get(5, TimeUnit.SECONDS)"), "the one wait has a bound");
        assertTrue(!source.contains("sleep"), "nothing sleeps to synchronise");
        assertTrue(source.contains("Figures.publish(\"first-request-ms\""), source);
    }

    @Test
    void theCatalogKeepsItsOwnIndentationAndOrder() throws Exception {
        String tabs = "{\n\t\"aliases\": {\n\t\t\"zeta\": {\n\t\t\t\"script-ref\": \"scripts/Site.java\"\n\t\t},\n"
                + "\t\t\"alpha\": {\"script-ref\": \"scripts/Site.java\"}\n\t},\n\t\"catalogs\": {}\n}\n";
        Path book = Books.empty(dir.resolve("tabs"), tabs);
        new Scaffold(book).chapter("first-steps", "First steps");
        String after = Files.readString(book.resolve("jbang-catalog.json"));
        assertEquals(tabs.replace("\"alpha\": {\"script-ref\": \"scripts/Site.java\"}",
                "\"alpha\": {\"script-ref\": \"scripts/Site.java\"},\n\t\t\"first-steps-first-request\": {\n"
                        + "\t\t\t\"script-ref\": \"notebooks/first-steps/FirstRequest.java\",\n"
                        + "\t\t\t\"description\": \"A first request to a server on 127.0.0.1, from the chapter First steps\"\n\t\t}"),
                after);
        assertEquals(List.of("zeta", "alpha", "first-steps-first-request"), List.copyOf(Catalog.read(book).scripts().keySet()));

        Path empty = Books.empty(dir.resolve("empty"), "{ \"aliases\": {} }\n");
        new Scaffold(empty).chapter("first-steps", "First steps");
        assertEquals("""
                { "aliases": {
                  "first-steps-first-request": {
                    "script-ref": "notebooks/first-steps/FirstRequest.java",
                    "description": "A first request to a server on 127.0.0.1, from the chapter First steps"
                  }
                } }
                """, Files.readString(empty.resolve("jbang-catalog.json")));
        Book.collect(empty);
    }

    @Test
    void aChapterThatCannotBeIsRefusedWithWhyAndNothingIsWritten() throws Exception {
        Path book = Books.skeletonCopy(dir.resolve("book"));
        new Scaffold(book).chapter("heartbeats", "Heartbeats");
        Map<String, String> before = Books.snapshot(book);
        Map<String, String> refusals = Map.of(
                "heartbeats", "notebooks/heartbeats/ exists already and is a chapter",
                "Heart_Beats", "\"Heart_Beats\" is not a valid chapter folder name: it becomes the page's address",
                "heartbeats-", "is not a valid chapter folder name",
                "index", "\"index\" is taken by the site itself (index.html is the front page)",
                "hello", "notebooks/hello/ exists already",
                "", "the chapter needs a folder name");
        for (var refusal : refusals.entrySet()) {
            Refused refused = assertThrows(Refused.class, () -> new Scaffold(book).chapter(refusal.getKey(), "A title"));
            assertTrue(refused.getMessage().contains(refusal.getValue()), refused.format("new chapter"));
            assertTrue(!refused.fix().isBlank(), "a refusal says what to do instead");
        }
        Refused snake = assertThrows(Refused.class, () -> new Scaffold(book).chapter("Heart_Beats", "A title"));
        assertEquals("e.g. ./jbang new chapter heart-beats \"Title\"", snake.fix());
        assertThrows(Refused.class, () -> new Scaffold(book).chapter("pulse", " "));
        Files.writeString(book.resolve("notebooks/nav.txt"), "pulse\n", java.nio.file.StandardOpenOption.APPEND);
        before = Books.snapshot(book);
        Refused listed = assertThrows(Refused.class, () -> new Scaffold(book).chapter("pulse", "Pulse"));
        assertEquals("notebooks/nav.txt lists \"pulse\" already", listed.getMessage());
        assertEquals(before, Books.snapshot(book), "a refusal writes nothing");
    }

    @Test
    void aNewDemoIsAScriptAnAliasAndABlockAtTheEndOfTheChapter() throws Exception {
        Path book = Books.skeletonCopy(dir.resolve("book"));
        new Scaffold(book).chapter("heartbeats", "Heartbeats");
        String chapterBefore = Files.readString(book.resolve("notebooks/heartbeats/chapter.adoc"));

        Scaffold.Done done = new Scaffold(book).demo("heartbeats", "PingPong", null, null);

        Path script = book.resolve("notebooks/heartbeats/PingPong.java");
        assertTrue(Files.readString(script).contains("public class PingPong {"));
        String chapter = Files.readString(book.resolve("notebooks/heartbeats/chapter.adoc"));
        assertTrue(chapter.startsWith(chapterBefore), "the chapter only grows at its end");
        assertTrue(chapter.endsWith("jbang::PingPong.java[tags=\"server;client\"]\n"
                + "<1> Every wait has a bound: a demo that goes wrong fails in seconds instead of hanging the build.\n"), chapter);
        Catalog catalog = Catalog.read(book);
        assertEquals("ping-pong", catalog.aliasOf(script).orElseThrow());
        assertEquals("Ping pong, on 127.0.0.1 (Heartbeats)", catalog.descriptions().get("ping-pong"));
        assertEquals(2, Book.collect(book).blocks().stream().filter(b -> b.chapter().equals("heartbeats")).count());
        assertTrue(done.report().contains("./jbang ping-pong"), done.report());

        new Scaffold(book).demo("heartbeats", "Heartbeat.java", "heartbeat-ping", "Pings, and what answers them");
        assertEquals("Pings, and what answers them", Catalog.read(book).descriptions().get("heartbeat-ping"));
    }

    @Test
    void aDemoThatCannotBeIsRefusedWithWhyAndNothingIsWritten() throws Exception {
        Path book = Books.skeletonCopy(dir.resolve("book"));
        new Scaffold(book).chapter("heartbeats", "Heartbeats");
        Map<String, String> before = Books.snapshot(book);
        Refused noChapter = assertThrows(Refused.class, () -> new Scaffold(book).demo("heartbeat", "PingPong", null, null));
        assertEquals("there is no chapter \"heartbeat\" (no notebooks/heartbeat/chapter.adoc)", noChapter.getMessage());
        assertEquals("did you mean ./jbang new demo heartbeats PingPong?", noChapter.fix());
        assertThrows(Refused.class, () -> new Scaffold(book).demo("heartbeats", "pingPong", null, null));
        assertThrows(Refused.class, () -> new Scaffold(book).demo("heartbeats", "Ping_Pong", null, null));
        Refused exists = assertThrows(Refused.class, () -> new Scaffold(book).demo("heartbeats", "FirstRequest", null, null));
        assertEquals("notebooks/heartbeats/FirstRequest.java exists already", exists.getMessage());
        Refused taken = assertThrows(Refused.class, () -> new Scaffold(book).demo("heartbeats", "Hello", null, null));
        assertTrue(taken.getMessage().contains("\"hello\""), taken.getMessage());
        Refused site = assertThrows(Refused.class, () -> new Scaffold(book).demo("heartbeats", "Other", "site", null));
        assertEquals("the alias \"site\" is already taken in jbang-catalog.json", site.getMessage());
        assertEquals(before, Books.snapshot(book), "a refusal writes nothing");
    }
}
