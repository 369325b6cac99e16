package check;

import builder.BuildError;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nu.validator.client.EmbeddedValidator;
import org.xml.sax.SAXException;

/**
 * Every page is valid HTML, as the Nu HTML Checker (the W3C's validator,
 * {@code nu.validator:validator}, run in this JVM and offline) sees it. Its
 * errors and its warnings both fail the check, as Asciidoctor warnings fail
 * the build.
 */
public final class Validity {
    private Validity() {
    }

    /**
     * The checker's RELAX NG schema recurses deeply while it loads; with the
     * builder's quick-start JVM flags a default thread stack overflows, so it
     * runs on a thread with a stack of its own.
     */
    public static List<BuildError> check(SiteFiles site) throws IOException, InterruptedException {
        List<List<BuildError>> result = new ArrayList<>();
        List<Throwable> failure = new ArrayList<>();
        Thread thread = new Thread(null, () -> {
            try {
                result.add(validate(site));
            } catch (IOException | RuntimeException | Error e) {
                failure.add(e);
            }
        }, "nu-html-checker", 256L * 1024 * 1024);
        thread.setDaemon(true);
        thread.start();
        thread.join(java.time.Duration.ofMinutes(5).toMillis());
        if (thread.isAlive()) {
            thread.interrupt();
            throw new IOException("the Nu HTML Checker did not finish within 5 minutes");
        }
        if (!failure.isEmpty()) {
            throw new IOException("the Nu HTML Checker failed: " + failure.get(0), failure.get(0));
        }
        return result.get(0);
    }

    private static List<BuildError> validate(SiteFiles site) throws IOException {
        List<BuildError> errors = new ArrayList<>();
        EmbeddedValidator validator = new EmbeddedValidator();
        validator.setOutputFormat(EmbeddedValidator.OutputFormat.JSON);
        validator.setLoadEntities(false);
        for (String page : site.pages().keySet()) {
            Path file = site.site().resolve(page);
            String json;
            try {
                json = validator.validate(file);
            } catch (SAXException e) {
                errors.add(new BuildError(site.where(file, 1), page + " could not be read as HTML: " + e.getMessage(), ""));
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (JsonElement element : JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("messages")) {
                JsonObject message = element.getAsJsonObject();
                String type = message.get("type").getAsString();
                String subType = message.has("subType") ? message.get("subType").getAsString() : "";
                boolean counts = type.equals("error") || type.equals("non-document-error")
                        || (type.equals("info") && subType.equals("warning"));
                if (!counts) {
                    continue;
                }
                int line = message.has("lastLine") ? message.get("lastLine").getAsInt()
                        : message.has("firstLine") ? message.get("firstLine").getAsInt() : 1;
                String extract = message.has("extract") ? message.get("extract").getAsString().strip() : "";
                String near = line - 1 < lines.size() && line >= 1 ? lines.get(line - 1).strip() : "";
                String marked = "";
                if (message.has("hiliteStart") && message.has("hiliteLength")) {
                    int from = message.get("hiliteStart").getAsInt();
                    int to = from + message.get("hiliteLength").getAsInt();
                    String raw = message.has("extract") ? message.get("extract").getAsString() : "";
                    marked = from >= 0 && to <= raw.length() ? raw.substring(from, to).strip() : "";
                }
                String where = marked.length() >= 4 ? site.source(page, marked).orElse(site.where(file, line)) : site.where(file, line);
                errors.add(new BuildError(where,
                        (where.equals(site.where(file, line)) ? "" : site.where(file, line) + ": ") + "not valid HTML (" + (subType.equals("warning") ? "warning" : "error") + "): " + message.get("message").getAsString(),
                        "at: " + (extract.isEmpty() ? abbreviate(near) : abbreviate(extract))
                                + "\nfix: HTML the page writes comes from the chapter's AsciiDoc, a ++++ passthrough, "
                                + "a script's SVG/HTML output, or the builder's PageTemplate; correct it there"));
            }
        }
        return errors;
    }

    private static String abbreviate(String text) {
        String one = text.replaceAll("\\s+", " ");
        return one.length() > 120 ? one.substring(0, 117) + "..." : one;
    }
}
