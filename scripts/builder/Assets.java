package builder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public final class Assets {
    public static void copyTo(Path siteDir, Path bookRoot) throws IOException {
        Files.createDirectories(siteDir.resolve("assets"));
    }
}
