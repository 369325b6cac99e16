package builder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.asciidoctor.ast.Document;

/**
 * What the extensions read while a page renders: the book's blocks, this
 * build's results and figures, and where embedded files go. Rendering only
 * reads; the only thing it writes is copies of image files into the site.
 */
public final class RenderContext {
    private static final Pattern SVG_ID = Pattern.compile("\\bid=([\"'])([^\"']+)\\1");
    private final Book book;
    private final Map<String, RunResult> results;
    private final Map<String, String> figures;
    private final Path siteDir;
    private final Map<String, Block> blocks = new HashMap<>();
    private final Map<Block, String> ids = new HashMap<>();

    public RenderContext(Book book, Map<String, RunResult> results, Path siteDir) {
        this.book = book;
        this.results = results;
        this.siteDir = siteDir;
        this.figures = figures(book, results);
        for (Block block : book.blocks()) {
            blocks.put(block.renderKey(), block);
        }
        blocksById(book).forEach((id, block) -> ids.put(block, id));
    }

    /** Every block by its id on the page ("run-greet-1": the chapter's first block), as the block macro writes it. */
    public static Map<String, Block> blocksById(Book book) {
        Map<String, Block> byId = new java.util.LinkedHashMap<>();
        Map<String, Integer> counters = new HashMap<>();
        for (Block block : book.blocks()) {
            byId.put("run-" + block.chapter() + "-" + counters.merge(block.chapter(), 1, Integer::sum), block);
        }
        return byId;
    }

    /** Every figure of this build, by "chapter.name". */
    public static Map<String, String> figures(Book book, Map<String, RunResult> results) {
        Map<String, String> figures = new HashMap<>();
        for (Block block : book.blocks()) {
            RunResult result = results.get(block.renderKey());
            if (result != null) {
                result.figures().forEach((name, value) -> figures.put(block.chapter() + "." + name, value));
            }
        }
        return figures;
    }

    public Book book() {
        return book;
    }

    public Map<String, String> figures() {
        return figures;
    }

    Block block(Document document, String target, String args) {
        Path adoc = Path.of(String.valueOf(document.getAttribute("docfile")));
        String key = Block.renderKey(adoc, target, String.join("\u0000", Attributes.split(args)));
        Block block = blocks.get(key);
        if (block == null) {
            throw new IllegalStateException("block " + target + " in " + adoc + " was not collected");
        }
        return block;
    }

    RunResult result(Block block) {
        RunResult result = results.get(block.renderKey());
        if (result == null) {
            throw new IllegalStateException("no result for " + block.where(book.root()));
        }
        return result;
    }

    String blockId(Block block) {
        return ids.get(block);
    }

    String alias(Block block) {
        return book.catalog().aliasOf(block.script()).orElse("");
    }

    /** What a reader types to run the block: {@code ./jbang alias args}. */
    String command(Block block) {
        StringBuilder command = new StringBuilder("./jbang ").append(alias(block));
        for (String arg : block.args()) {
            command.append(' ').append(arg.matches("[\\w@%+=:,./-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return command.toString();
    }

    String figure(String name) {
        String value = figures.get(name);
        if (value == null) {
            return "fig:" + name + "?"; // the build already fails with where it is and the nearest names
        }
        return value;
    }

    /** A page shows at most this many lines of one output: the first {@link #HEAD} and the last {@link #TAIL}. */
    static final int PAGE_LINES = 400;
    static final int HEAD = 300;
    static final int TAIL = 50;
    private final List<String> notes = java.util.Collections.synchronizedList(new ArrayList<>());

    /** What the build summary should tell (outputs cut on their page). */
    List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * An output as its page shows it: whole when short; otherwise its first and last lines around
     * "… N lines omitted …", and the whole of it written beside the page, linked from the block.
     */
    String shownOutput(Block block, String stream, String text) {
        List<String> lines = text.lines().toList();
        if (lines.size() <= PAGE_LINES) {
            return Html.escape(text);
        }
        String name = "output/" + blockId(block) + "-" + stream + ".txt";
        try {
            Path file = siteDir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int omitted = lines.size() - HEAD - TAIL;
        notes.add(String.format(java.util.Locale.ROOT, "%s printed %,d lines on %s; its page shows %d of them, the whole output is %s",
                block.where(book.root()), lines.size(), stream, HEAD + TAIL, name));
        return Html.escape(String.join("\n", lines.subList(0, HEAD))) + "\n"
                + "<span class=\"jbang-omitted\">… " + String.format(java.util.Locale.ROOT, "%,d", omitted)
                + " lines omitted: <a href=\"" + Html.escape(name) + "\">the whole output</a> …</span>\n"
                + Html.escape(String.join("\n", lines.subList(lines.size() - TAIL, lines.size())));
    }

    /** The files a run wrote, as HTML: SVG inlined (so it follows the theme), images copied and linked. */
    String embeddedFiles(Block block, RunResult result) {
        StringBuilder html = new StringBuilder();
        String prefix = blockId(block);
        for (String name : result.files()) {
            Path file = result.outDir().resolve(name);
            String lower = name.toLowerCase();
            try {
                if (lower.endsWith(".svg")) {
                    html.append("<figure class=\"jbang-file\">").append(inlineSvg(Files.readString(file), prefix))
                            .append("<figcaption>").append(Html.escape(name)).append("</figcaption></figure>\n");
                } else if (lower.matches(".*\\.(png|jpe?g|gif|webp)$")) {
                    Path copy = siteDir.resolve("figures").resolve(block.chapter()).resolve(prefix + "-" + name.replace('/', '-'));
                    Files.createDirectories(copy.getParent());
                    Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    String src = siteDir.relativize(copy).toString().replace('\\', '/');
                    html.append("<figure class=\"jbang-file\"><img src=\"").append(Html.escape(src)).append("\" alt=\"")
                            .append(Html.escape(name)).append("\"><figcaption>").append(Html.escape(name))
                            .append("</figcaption></figure>\n");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return html.toString();
    }

    /** Drops the XML prolog and makes ids unique on the page, so several diagrams can share it. */
    static String inlineSvg(String svg, String prefix) {
        String body = svg.replaceFirst("(?s)^\\s*<\\?xml.*?\\?>", "").replaceFirst("(?s)^\\s*<!DOCTYPE.*?>", "").strip();
        List<String> idList = new ArrayList<>();
        Matcher m = SVG_ID.matcher(body);
        while (m.find()) {
            idList.add(m.group(2));
        }
        for (String id : idList) {
            String unique = prefix + "-" + id;
            for (String q : List.of("\"", "'")) {
                body = body.replace("id=" + q + id + q, "id=" + q + unique + q)
                        .replace("href=" + q + "#" + id + q, "href=" + q + "#" + unique + q);
            }
            body = body.replace("url(#" + id + ")", "url(#" + unique + ")");
        }
        return body;
    }
}
