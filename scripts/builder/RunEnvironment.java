package builder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The defined world a script runs in, whatever the builder's own shell holds:
 * the builder's JDK, UTF-8 for source, output and file names, no inherited
 * JVM options, one locale and time zone. It is the same for every block and
 * every build on a machine, and all of it is part of the cache key
 * ({@link #describe}), so a run is only reused where it would come out the same.
 */
public final class RunEnvironment {
    /** Inherited variables that would change what a JVM or its children print. */
    static final List<String> DROPPED = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS",
            "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE", "LC_MONETARY",
            "LC_MESSAGES", "TZ");
    /** What every script gets instead: a UTF-8 locale for it and any JVM it starts, and UTC. */
    static final Map<String, String> SET = Map.of("LC_ALL", "C.UTF-8", "TZ", "UTC");

    /** The builder's code that decides how a script is started; a change to it reruns every block. */
    static final List<String> RUN_CODE = List.of("RunEnvironment.java", "ScriptLauncher.java", "Processes.java",
            "Runner.java");

    private RunEnvironment() {
    }

    /** The JDK that runs every script: the one the builder itself runs on. */
    public static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    public static String java() {
        return javaHome().resolve("bin").resolve("java").toString();
    }

    /** The running JDK's feature version (17, 21, 25). */
    public static int feature() {
        return Runtime.version().feature();
    }

    /** Vendor and full version of the JDK that runs the scripts, e.g. "Debian 17.0.15+6-Debian-1deb12u1". */
    public static String jdk() {
        return System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version");
    }

    /**
     * JVM options for a script: UTF-8 everywhere on every JDK (17 takes its stdout charset from the
     * locale unless sun.stdout.encoding is set; 18+ reads stdout.encoding) and one locale.
     */
    public static List<String> jvmOptions() {
        List<String> options = new ArrayList<>(List.of("-Dfile.encoding=UTF-8", "-Dsun.jnu.encoding=UTF-8",
                "-Duser.language=en", "-Duser.country=US", "-Duser.timezone=UTC"));
        if (feature() < 18) {
            options.addAll(List.of("-Dsun.stdout.encoding=UTF-8", "-Dsun.stderr.encoding=UTF-8"));
        } else {
            options.addAll(List.of("-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8"));
        }
        return List.copyOf(options);
    }

    /** The environment of a script: the builder's, less {@link #DROPPED}, plus {@link #SET} and {@code extra}. */
    public static Map<String, String> of(Map<String, String> inherited, Map<String, String> extra) {
        Map<String, String> env = new TreeMap<>(inherited);
        DROPPED.forEach(env::remove);
        env.keySet().removeIf(name -> name.startsWith("LC_"));
        env.putAll(SET);
        env.putAll(extra);
        return env;
    }

    /**
     * Everything of this that can change a run's output, for the cache key: the JDK (vendor,
     * version, where it is), the options, the variables set and dropped, and the builder's
     * own process-handling code as found in {@code tools} (the checkout holding scripts/builder).
     */
    public static String describe(Path tools) {
        StringBuilder text = new StringBuilder("run-environment-v1\n");
        text.append("jdk=").append(jdk()).append(" at ").append(javaHome()).append('\n');
        text.append("os=").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append('\n');
        text.append("options=").append(String.join(" ", jvmOptions())).append('\n');
        text.append("set=").append(new TreeMap<>(SET)).append('\n');
        text.append("dropped=").append(DROPPED).append('\n');
        for (String file : RUN_CODE) {
            Path source = tools.resolve("scripts").resolve("builder").resolve(file);
            try {
                text.append(file).append('=').append(Files.isRegularFile(source)
                        ? java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(Files.readAllBytes(source)))
                        : "absent").append('\n');
            } catch (IOException | java.security.NoSuchAlgorithmException e) {
                text.append(file).append("=unreadable\n");
            }
        }
        return text.toString();
    }

    private static final java.util.regex.Pattern LIBRARY = java.util.regex.Pattern.compile(
            "(tyrus-core|grizzly-framework)-([0-9][\\w.-]*)\\.jar$");

    /**
     * Where a run happened, as its page names it: the JDK, the OS, the cores, the Tyrus and Grizzly
     * versions on the script's class path, and the date (UTC).
     */
    public static String machine(List<String> classpath) {
        List<String> libraries = new ArrayList<>();
        for (String entry : classpath) {
            java.util.regex.Matcher m = LIBRARY.matcher(entry.replace('\\', '/'));
            if (m.find()) {
                libraries.add((m.group(1).startsWith("tyrus") ? "Tyrus " : "Grizzly ") + m.group(2));
            }
        }
        libraries.sort(null);
        return String.format(Locale.ROOT, "JDK %s, %s %s %s, %d cores%s; run on %s",
                jdk(), System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                libraries.isEmpty() ? "" : ", " + String.join(", ", libraries),
                java.time.LocalDate.now(java.time.ZoneOffset.UTC));
    }

    /**
     * Null when the builder's JDK satisfies a script's {@code //JAVA} request ("17+", "21", as JBang
     * reports it); otherwise why not.
     */
    static String unsatisfied(String requested) {
        if (requested == null || requested.isBlank()) {
            return null;
        }
        String version = requested.strip();
        boolean orNewer = version.endsWith("+");
        String digits = version.replace("+", "");
        int wanted;
        try {
            wanted = Integer.parseInt(digits.contains(".") ? digits.substring(0, digits.indexOf('.')) : digits);
        } catch (NumberFormatException e) {
            return "its //JAVA " + version + " is not a version the builder understands";
        }
        if (orNewer ? feature() >= wanted : feature() == wanted) {
            return null;
        }
        return String.format(Locale.ROOT, "it asks for //JAVA %s, and the build runs on JDK %d (%s)", version, feature(), jdk());
    }
}
