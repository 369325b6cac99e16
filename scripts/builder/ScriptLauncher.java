package builder;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks JBang, once per version of a script, how to start it: JBang compiles
 * the script and resolves its {@code //DEPS}; {@code jbang info tools} then
 * gives the jar, the classpath and the main class. The builder starts
 * {@code java} with those directly, which saves JBang's own start-up on
 * every run, and keeps JBang's build chatter out of the captured output.
 */
public final class ScriptLauncher {
    private static final Gson GSON = new Gson();
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern JAVAC_ERROR = Pattern.compile("^(/.+?\\.java):(\\d+): error: (.+)$");

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

    /** The launch of a script, from the cache when its key is known and its jar still there. */
    public Launch prepare(Path script, String scriptKey) throws BuildFailure, IOException, InterruptedException {
        Path saved = cache.resolve(scriptKey + ".json");
        if (Files.isRegularFile(saved)) {
            Launch launch = GSON.fromJson(Files.readString(saved), Launch.class);
            if (launch.classpath().stream().allMatch(p -> Files.exists(Path.of(p)))) {
                return launch;
            }
        }
        Files.createDirectories(cache);
        Path log = Files.createTempFile(cache, "jbang", ".log");
        try {
            String jbang = root.resolve("jbang").toString();
            try {
                Processes.output(List.of(jbang, "build", "--quiet", script.toString()), root, log, BUILD_TIMEOUT);
            } catch (Processes.CommandFailed failed) {
                throw new BuildFailure(compileErrors(script, failed));
            }
            String json;
            try {
                json = Processes.output(List.of(jbang, "info", "tools", "--quiet", script.toString()), root, log, BUILD_TIMEOUT);
            } catch (Processes.CommandFailed failed) {
                throw new BuildFailure(new BuildError(root.relativize(script).toString(),
                        "JBang could not describe the script: " + RunResult.tail(failed.stderr, 5), ""));
            }
            Launch launch = parse(json);
            Files.writeString(saved, GSON.toJson(launch));
            return launch;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private Launch parse(String json) {
        JsonObject info = GSON.fromJson(json, JsonObject.class);
        List<String> classpath = new ArrayList<>();
        classpath.add(info.get("applicationJar").getAsString());
        for (JsonElement dependency : array(info, "resolvedDependencies")) {
            classpath.add(dependency.getAsString());
        }
        List<String> options = new ArrayList<>();
        for (JsonElement option : array(info, "runtimeOptions")) {
            options.add(option.getAsString());
        }
        String jdk = info.has("availableJdkPath") ? info.get("availableJdkPath").getAsString() : System.getProperty("java.home");
        return new Launch(Path.of(jdk, "bin", "java").toString(), options, classpath, info.get("mainClass").getAsString());
    }

    private static JsonArray array(JsonObject info, String name) {
        return info.has(name) ? info.getAsJsonArray(name) : new JsonArray();
    }

    /** javac's "File.java:12: error: ..." lines as errors at that file and line. */
    private List<BuildError> compileErrors(Path script, Processes.CommandFailed failed) {
        List<BuildError> errors = new ArrayList<>();
        for (String line : failed.stderr.lines().toList()) {
            Matcher m = JAVAC_ERROR.matcher(line);
            if (m.matches()) {
                errors.add(new BuildError(root.relativize(Path.of(m.group(1)).normalize()) + ":" + m.group(2),
                        "does not compile: " + m.group(3), "fix: `./jbang build " + root.relativize(script) + "` shows the same error"));
            }
        }
        if (errors.isEmpty()) {
            errors.add(new BuildError(root.relativize(script).toString(),
                    failed.finished.timedOut() ? "JBang did not finish building the script within " + BUILD_TIMEOUT.toMinutes() + " min"
                            : "JBang could not build the script",
                    "JBang said:\n" + RunResult.tail(failed.stderr, 12)));
        }
        return errors;
    }
}
