package builder;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Asks JBang, once per version of a script, what it needs: {@code jbang info
 * tools} resolves the script's {@code //DEPS} and lists its sources, compile
 * options and JDK. The builder then compiles those sources itself, in this
 * JVM (javac through {@link ToolProvider}), into the cache, and starts
 * {@code java} directly: one JBang start-up per script instead of two, no new
 * JVM for javac, no JBang chatter in the captured output, and compile errors
 * that name their file and line.
 */
public final class ScriptLauncher {
    private static final Gson GSON = new Gson();
    private static final Duration INFO_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;");

    /** How to start a script: {@code java [options] -cp classpath mainClass}. */
    public record Launch(String java, List<String> options, List<String> classpath, String mainClass) {
        public List<String> command(List<String> args) {
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(options);
            command.add("-cp");
            command.add(String.join(File.pathSeparator, classpath));
            command.add(mainClass);
            command.addAll(args);
            return command;
        }
    }

    private final Path root;
    private final Path cache;

    public ScriptLauncher(Path root, Path cacheDir) {
        this.root = root;
        this.cache = cacheDir.resolve("launch");
    }

    /** The launch of a script, from the cache when its key is known and its classes still there. */
    public Launch prepare(Path script, String scriptKey) throws BuildFailure, IOException, InterruptedException {
        Path saved = cache.resolve(scriptKey + ".json");
        if (Files.isRegularFile(saved)) {
            Launch launch = GSON.fromJson(Files.readString(saved), Launch.class);
            if (launch.classpath().stream().allMatch(p -> Files.exists(Path.of(p)))) {
                return launch;
            }
        }
        Files.createDirectories(cache);
        JsonObject info = describe(script);
        if (!array(info, "dependencies").isEmpty() && !info.has("resolvedDependencies")) {
            throw new BuildFailure(unresolved(script, strings(info, "dependencies")));
        }
        String unsatisfied = RunEnvironment.unsatisfied(info.has("requestedJavaVersion")
                ? info.get("requestedJavaVersion").getAsString() : null);
        if (unsatisfied != null) {
            throw new BuildFailure(new BuildError(root.relativize(script).toString(), "cannot run on this JDK: " + unsatisfied,
                    "fix: the book's scripts say //JAVA 17+ and run on the JDK that runs the build (JAVA_HOME, or java on PATH)"));
        }
        checkSources(script, info);
        List<String> dependencies = strings(info, "resolvedDependencies");
        Path classes = cache.resolve("classes").resolve(scriptKey);
        compile(script, info, dependencies, classes);
        List<String> classpath = new ArrayList<>();
        classpath.add(classes.toString());
        classpath.addAll(dependencies);
        // The builder's own JDK compiled the classes (javac in this JVM) and runs them: the JDK the cache key names.
        List<String> options = new ArrayList<>(RunEnvironment.jvmOptions());
        options.addAll(strings(info, "runtimeOptions"));
        Launch launch = new Launch(RunEnvironment.java(), options, classpath, mainClass(script));
        Files.writeString(saved, GSON.toJson(launch));
        return launch;
    }

    private static final Pattern DEPS = Pattern.compile("^\\s*//DEPS\\s+(.+)$");

    /**
     * JBang's info leaves resolvedDependencies out when a //DEPS does not resolve (and says nothing);
     * `jbang build` says why. The message names the //DEPS line, as the reader's ./jbang would fail on it.
     */
    private BuildError unresolved(Path script, List<String> dependencies) throws BuildFailure, IOException, InterruptedException {
        Path log = Files.createTempFile(cache, "jbang", ".log");
        String said = "";
        try {
            Processes.output(List.of(root.resolve("jbang").toString(), "build", script.toString()), root, log, INFO_TIMEOUT);
        } catch (Processes.CommandFailed failed) {
            said = failed.stderr.lines().filter(l -> l.contains("[ERROR]")).map(l -> l.replaceFirst("^\\[jbang\\] \\[ERROR\\] ", ""))
                    .findFirst().orElse(RunResult.tail(failed.stderr, 3));
        } finally {
            Files.deleteIfExists(log);
        }
        String where = root.relativize(script).toString();
        String coordinates = String.join(", ", dependencies);
        for (Path file : ScriptSource.closure(script)) {
            List<String> lines = ScriptSource.read(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher deps = DEPS.matcher(lines.get(i));
                if (!deps.find()) {
                    continue;
                }
                for (String dep : deps.group(1).trim().split("\\s+")) {
                    String[] parts = dep.split(":");
                    if (parts.length >= 2 && said.contains(parts[0] + ":" + parts[1] + ":")) {
                        where = root.relativize(file) + ":" + (i + 1);
                        coordinates = dep;
                    }
                }
            }
        }
        return new BuildError(where, "//DEPS " + coordinates + " does not resolve: " + (said.isBlank() ? "JBang found no such artifact" : said.strip()),
                "fix: check the group, artifact and version on Maven Central (a reader's ./jbang would fail the same way);\n"
                        + "./jbang build " + root.relativize(script) + " shows JBang's own message");
    }

    /** Every file javac compiles must be one the cache key hashed ({@link ScriptSource#closure}); otherwise a change to it would go unseen. */
    private void checkSources(Path script, JsonObject info) throws BuildFailure {
        java.util.Set<Path> hashed = new java.util.HashSet<>(ScriptSource.closure(script));
        List<BuildError> unseen = new ArrayList<>();
        for (JsonElement source : array(info, "sources")) {
            Path file = Path.of(source.getAsJsonObject().get("backingResource").getAsString()).toAbsolutePath().normalize();
            if (!hashed.contains(file)) {
                unseen.add(new BuildError(root.relativize(script).toString(),
                        "JBang compiles " + file + ", which the builder's cache key does not cover",
                        "fix: pull files in with //SOURCES or //FILES lines the builder reads (relative paths and globs)"));
            }
        }
        if (!unseen.isEmpty()) {
            throw new BuildFailure(unseen);
        }
    }

    /** JBang's description of the script: its sources, resolved dependencies, options and JDK. */
    private JsonObject describe(Path script) throws BuildFailure, IOException, InterruptedException {
        Path log = Files.createTempFile(cache, "jbang", ".log");
        try {
            String json = Processes.output(List.of(root.resolve("jbang").toString(), "info", "tools", "--quiet",
                    script.toString()), root, log, INFO_TIMEOUT);
            return GSON.fromJson(json, JsonObject.class);
        } catch (Processes.CommandFailed failed) {
            throw new BuildFailure(new BuildError(root.relativize(script).toString(),
                    failed.finished.timedOut() ? "JBang did not resolve the script's dependencies within "
                            + INFO_TIMEOUT.toMinutes() + " min" : "JBang could not read the script",
                    "JBang said:\n" + RunResult.tail(failed.stderr, 12)));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** javac, in this JVM, with JBang's compile options. */
    private void compile(Path script, JsonObject info, List<String> dependencies, Path classes)
            throws BuildFailure, IOException {
        ResultStore.deleteTree(classes);
        Files.createDirectories(classes);
        List<File> sources = new ArrayList<>();
        for (JsonElement source : array(info, "sources")) {
            sources.add(new File(source.getAsJsonObject().get("backingResource").getAsString()));
        }
        if (sources.isEmpty()) {
            sources.add(script.toFile());
        }
        List<String> options = new ArrayList<>(strings(info, "compileOptions"));
        options.addAll(List.of("-encoding", "UTF-8", "-d", classes.toString()));
        if (!dependencies.isEmpty()) {
            options.addAll(List.of("-classpath", String.join(File.pathSeparator, dependencies)));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter chatter = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean compiled = javac.getTask(chatter, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromFiles(sources)).call();
            if (!compiled) {
                throw new BuildFailure(compileErrors(script, diagnostics.getDiagnostics(), chatter.toString()));
            }
        }
    }

    /** The class JBang starts: the script file's own class, in its package if it declares one. */
    static String mainClass(Path script) {
        String name = script.getFileName().toString().replaceFirst("\\.java$", "");
        for (String line : ScriptSource.read(script)) {
            Matcher m = PACKAGE.matcher(line);
            if (m.find()) {
                return m.group(1) + "." + name;
            }
        }
        return name;
    }

    private List<BuildError> compileErrors(Path script, List<Diagnostic<? extends JavaFileObject>> diagnostics,
                                           String chatter) {
        List<BuildError> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                String file = d.getSource() == null ? root.relativize(script).toString()
                        : root.relativize(Path.of(d.getSource().toUri()).normalize()).toString();
                errors.add(new BuildError(file + ":" + d.getLineNumber(),
                        "does not compile: " + d.getMessage(Locale.ROOT).lines().findFirst().orElse(""),
                        "fix: `./jbang build " + root.relativize(script) + "` shows the same error"));
            }
        }
        if (errors.isEmpty()) {
            errors.add(new BuildError(root.relativize(script).toString(), "does not compile", chatter.strip()));
        }
        return errors;
    }

    private static List<String> strings(JsonObject info, String name) {
        List<String> values = new ArrayList<>();
        for (JsonElement value : array(info, name)) {
            values.add(value.getAsString());
        }
        return values;
    }

    private static JsonArray array(JsonObject info, String name) {
        return info.has(name) ? info.getAsJsonArray(name) : new JsonArray();
    }
}
