package builder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import org.asciidoctor.ast.Cursor;
import org.asciidoctor.ast.Document;
import org.asciidoctor.ast.Section;
import org.asciidoctor.ast.StructuralNode;
import org.asciidoctor.log.LogRecord;
import org.asciidoctor.log.Severity;

/**
 * The render stage: one AsciidoctorJ instance (JRuby starts once), the two
 * extensions registered on it, and pages converted to HTML fragments. Any
 * Asciidoctor warning fails the page with its file and line.
 */
public final class Renderer implements AutoCloseable {

    /** A converted page: the title, the body, its table of contents and its plain text for search. */
    public record Rendered(String title, String bodyHtml, String tocHtml, String text) {
    }

    /** The java.util.logging logger AsciidoctorJ writes to; held here so that its settings stay. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("asciidoctor");
    private final Asciidoctor asciidoctor;
    private final List<BuildError> problems = new ArrayList<>();
    /** The page being rendered now: the extensions are registered once and read it. */
    private volatile RenderContext context;
    /** The page being rendered now, for messages that come without a place. */
    private volatile Page page;
    private static final java.util.regex.Pattern MISSING_ATTRIBUTE = java.util.regex.Pattern.compile("missing attribute: ([\\w-]+)");

    /** Starts JRuby and Asciidoctor: seconds, so keep one renderer for many builds where you can. */
    public Renderer() {
        this.asciidoctor = Asciidoctor.Factory.create();
        // AsciidoctorJ also hands every message to java.util.logging, which prints it raw on stderr;
        // the builder reports each one itself, in its own format.
        QUIET.setUseParentHandlers(false);
        QUIET.setLevel(java.util.logging.Level.OFF);
        asciidoctor.registerLogHandler(this::log);
        var registry = asciidoctor.javaExtensionRegistry();
        registry.blockMacro(new JbangBlockMacro(() -> context));
        registry.inlineMacro(new FigureInlineMacro(() -> context));
        registry.blockMacro(new LiveBlockMacro());
    }

    /** Renders one page with the given build's results. */
    public Rendered render(Page page, RenderContext context) throws BuildFailure {
        this.context = context;
        this.page = page;
        problems.clear();
        Document document;
        String body;
        try {
            document = asciidoctor.loadFile(page.adoc().toFile(), options(page));
            body = document.convert();
        } catch (RuntimeException e) {
            throw new BuildFailure(new BuildError(relative(page.adoc().toString()),
                    "Asciidoctor failed: " + rootCause(e), ""));
        }
        if (!problems.isEmpty()) {
            throw new BuildFailure(List.copyOf(problems));
        }
        String title = document.getDoctitle() == null ? page.title() : stripTags(document.getDoctitle());
        return new Rendered(title, body, toc(document), stripTags(body));
    }

    private Options options(Page page) {
        return Options.builder()
                .safe(SafeMode.SAFE)
                .standalone(false)
                .sourcemap(true)
                .baseDir(page.adoc().getParent().toFile())
                .attributes(org.asciidoctor.Attributes.builder()
                        .sourceHighlighter("rouge")
                        .attribute("rouge-css", "class")
                        .attribute("rouge-style", "github")
                        .attribute("idprefix", "")
                        .attribute("idseparator", "-")
                        .attribute("sectanchors", "")
                        .attribute("attribute-missing", "warn")
                        .attribute("icons", null)
                        .experimental(true)
                        .build())
                .build();
    }

    /** Level-1 and level-2 sections as a nested list of links. */
    private static String toc(Document document) {
        StringBuilder html = new StringBuilder();
        List<Section> sections = sections(document);
        if (sections.isEmpty()) {
            return "";
        }
        html.append("<ul class=\"sectlevel1\">");
        for (Section section : sections) {
            html.append("<li><a href=\"#").append(Html.escape(section.getId())).append("\">")
                    .append(section.getTitle()).append("</a>");
            List<Section> children = sections(section);
            if (!children.isEmpty()) {
                html.append("<ul class=\"sectlevel2\">");
                for (Section child : children) {
                    html.append("<li><a href=\"#").append(Html.escape(child.getId())).append("\">")
                            .append(child.getTitle()).append("</a></li>");
                }
                html.append("</ul>");
            }
            html.append("</li>");
        }
        return html.append("</ul>").toString();
    }

    private static List<Section> sections(StructuralNode node) {
        List<Section> sections = new ArrayList<>();
        for (StructuralNode child : node.getBlocks()) {
            if (child instanceof Section section && section.getLevel() <= 2) {
                sections.add(section);
            }
        }
        return sections;
    }

    private void log(LogRecord record) {
        if (record.getSeverity().ordinal() < Severity.WARN.ordinal()) {
            return;
        }
        Cursor cursor = record.getCursor();
        String where = cursor == null || cursor.getFile() == null ? placeOf(record.getMessage()) :
                relative(cursor.getFile()) + ":" + cursor.getLineNumber();
        String message = record.getMessage().replace(context.book().root() + java.io.File.separator, "");
        java.util.regex.Matcher missing = MISSING_ATTRIBUTE.matcher(message);
        problems.add(new BuildError(where, "Asciidoctor " + record.getSeverity().name().toLowerCase(java.util.Locale.ROOT) + ": "
                + message, missing.find() ? "fix: define it (:" + missing.group(1) + ": value) or escape the brace (\\{"
                + missing.group(1) + "})" : ""));
    }

    /** For a message Asciidoctor gives without a place: the page, and the line its subject is on when it can be found. */
    private String placeOf(String message) {
        Page current = page;
        if (current == null) {
            return "";
        }
        String file = relative(current.adoc().toString());
        java.util.regex.Matcher missing = MISSING_ATTRIBUTE.matcher(message);
        if (missing.find()) {
            List<String> lines = ScriptSource.read(current.adoc());
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("{" + missing.group(1) + "}")) {
                    return file + ":" + (i + 1);
                }
            }
        }
        return file;
    }

    private String relative(String file) {
        try {
            return context.book().root().relativize(Path.of(file).toAbsolutePath()).toString();
        } catch (IllegalArgumentException e) {
            return file;
        }
    }

    /** Plain text of a page for search: inline markup joins words, block markup separates them; run times are left out. */
    static String stripTags(String html) {
        return html.replaceAll("(?s)<script.*?</script>|<style.*?</style>|<div class=\"jbang-output-head\">.*?</div>", " ")
                .replaceAll("</?(?:span|b|i|em|strong|code|a|mark|sub|sup)\\b[^>]*>", "")
                .replaceAll("<[^>]+>", " ")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&").replaceAll("\\s+", " ").strip();
    }

    private static String rootCause(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }

    @Override
    public void close() {
        asciidoctor.close();
    }
}
