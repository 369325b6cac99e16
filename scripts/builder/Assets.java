//DEPS org.webjars.npm:lunr:2.3.9
package builder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The site's static files: the book's own stylesheet and script from
 * {@code scripts/site-assets/}, and the libraries it uses from their WebJars
 * on the classpath. Everything lands in {@code site/assets/}, so a page needs
 * nothing from outside.
 */
public final class Assets {

    /** A file inside a WebJar, and the name it gets in {@code site/assets/}. */
    private record WebJarFile(String webjar, String version, String path, String as) {
        String resource() {
            return "META-INF/resources/webjars/" + webjar + "/" + version + "/" + path;
        }
    }

    /** Keep the versions in step with the //DEPS lines above and pom.xml. */
    private static final List<WebJarFile> LIBRARIES = List.of(
            new WebJarFile("lunr", "2.3.9", "lunr.min.js", "lunr.min.js"));

    private Assets() {}

    /** Copies the book's assets and libraries into {@code siteDir/assets}. */
    public static void copyTo(Path siteDir, Path bookRoot) throws IOException {
        Path target = siteDir.resolve("assets");
        Files.createDirectories(target);
        Path own = bookRoot.resolve("scripts/site-assets");
        if (!Files.isDirectory(own)) {
            throw new IOException("Missing site assets folder: " + own);
        }
        try (Stream<Path> files = Files.walk(own)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                Path to = target.resolve(own.relativize(file).toString());
                Files.createDirectories(to.getParent());
                Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        ClassLoader loader = Assets.class.getClassLoader();
        for (WebJarFile lib : LIBRARIES) {
            try (InputStream in = loader.getResourceAsStream(lib.resource())) {
                if (in == null) {
                    throw new IOException("Missing on the classpath: " + lib.resource()
                            + " (the WebJar " + lib.webjar() + " " + lib.version() + ")");
                }
                Files.copy(in, target.resolve(lib.as()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
