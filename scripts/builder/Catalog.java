package builder;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code jbang-catalog.json}, the master list of everything a reader can run:
 * alias → script, with a one-line description.
 */
public record Catalog(Path file, Map<String, Path> scripts, Map<String, String> descriptions) {

    /** The alias fields the build understands; any other (arguments, java-options, …) would change a reader's run unseen. */
    static final java.util.Set<String> KNOWN_FIELDS = java.util.Set.of("script-ref", "description");

    public static Catalog read(Path root) throws BuildFailure {
        Path file = root.resolve("jbang-catalog.json");
        Map<String, Path> scripts = new LinkedHashMap<>();
        Map<String, String> descriptions = new LinkedHashMap<>();
        try {
            JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            JsonObject aliases = json.has("aliases") ? json.getAsJsonObject("aliases") : new JsonObject();
            for (Map.Entry<String, JsonElement> alias : aliases.entrySet()) {
                JsonObject entry = alias.getValue().getAsJsonObject();
                for (String field : entry.keySet()) {
                    if (!KNOWN_FIELDS.contains(field)) {
                        throw new BuildFailure(new BuildError(where(file, alias.getKey()),
                                "alias \"" + alias.getKey() + "\" has \"" + field + "\", which the build does not take into account: "
                                        + "the page's ./jbang " + alias.getKey() + " would not run what the block ran",
                                "fix: remove it; arguments belong in the block (jbang::Script.java[args=\"...\"]), "
                                        + "JVM options in the script (//JAVA_OPTIONS)"));
                    }
                }
                JsonElement ref = entry.get("script-ref");
                if (ref == null) {
                    throw new BuildFailure(new BuildError(where(file, alias.getKey()),
                            "alias \"" + alias.getKey() + "\" has no \"script-ref\"",
                            "fix: give it the script's path relative to the book's root"));
                }
                scripts.put(alias.getKey(), root.resolve(ref.getAsString()).normalize());
                JsonElement description = entry.get("description");
                descriptions.put(alias.getKey(), description == null ? "" : description.getAsString());
            }
        } catch (IOException e) {
            throw new BuildFailure(new BuildError(file.toString(), "cannot read the catalog: " + e.getMessage(),
                    "fix: the book's root must hold jbang-catalog.json"));
        } catch (RuntimeException e) {
            java.util.regex.Matcher at = java.util.regex.Pattern.compile("at line (\\d+)").matcher(String.valueOf(e.getMessage()));
            throw new BuildFailure(new BuildError(file.getFileName() + (at.find() ? ":" + at.group(1) : ""),
                    "the catalog is not valid JSON: " + String.valueOf(e.getMessage())
                            .replaceFirst("^[\\w.]+(Exception|Error): ", "").lines().findFirst().orElse(""),
                    "fix: check the commas and quotes on this line and the line before; `./jbang alias list` shows what JBang reads"));
        }
        return new Catalog(file, scripts, descriptions);
    }

    /** The alias that runs this script, if any. */
    public Optional<String> aliasOf(Path script) {
        Path wanted = script.toAbsolutePath().normalize();
        return scripts.entrySet().stream().filter(e -> e.getValue().equals(wanted)).map(Map.Entry::getKey).findFirst();
    }

    /** Every alias whose script is missing. */
    public List<BuildError> danglingAliases() {
        return danglingAliases(java.util.Set.of());
    }

    /** Every alias whose script is missing, but for scripts already reported elsewhere. */
    public List<BuildError> danglingAliases(java.util.Set<Path> reported) {
        List<BuildError> errors = new ArrayList<>();
        scripts.forEach((alias, script) -> {
            if (!Files.isRegularFile(script) && !reported.contains(script)) {
                errors.add(new BuildError(where(file, alias),
                        "alias \"" + alias + "\" points to " + file.getParent().relativize(script) + ", which does not exist",
                        "fix: correct its \"script-ref\", or remove the alias"));
            }
        });
        return errors;
    }

    /** "jbang-catalog.json:7", the line that names the alias. */
    static String where(Path file, String alias) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("\"" + alias + "\"")) {
                    return file.getFileName() + ":" + (i + 1);
                }
            }
        } catch (IOException ignored) {
            // the location is only a help; the message still names the alias
        }
        return file.getFileName().toString();
    }
}
