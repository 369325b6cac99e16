package check;

import java.io.File;
import java.util.Locale;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Attributes;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;

/**
 * Bench's AsciidoctorJ side of the renderer comparison, run as a process of
 * its own: {@code java check.RenderOnly LABEL FILE...} starts JRuby,
 * converts the files in memory with the builder's attributes (no
 * extensions, as the Ruby CLI has none), converts them again warm, and prints
 * {@code start=MS first=MS warm=MS}.
 */
public final class RenderOnly {
    private RenderOnly() {
    }

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        try (Asciidoctor asciidoctor = Asciidoctor.Factory.create()) {
            long t1 = System.nanoTime();
            convertAll(asciidoctor, args);
            long t2 = System.nanoTime();
            convertAll(asciidoctor, args);
            long t3 = System.nanoTime();
            System.out.printf(Locale.ROOT, "start=%d first=%d warm=%d%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    (t3 - t2) / 1_000_000);
        }
    }

    private static void convertAll(Asciidoctor asciidoctor, String[] args) {
        for (int i = 1; i < args.length; i++) {
            File adoc = new File(args[i]);
            asciidoctor.convertFile(adoc, Options.builder()
                    .safe(SafeMode.SAFE).standalone(false).toFile(false)
                    .baseDir(adoc.getParentFile())
                    .attributes(Attributes.builder().sourceHighlighter("rouge").attribute("rouge-css", "class")
                            .attribute("idprefix", "").attribute("idseparator", "-").attribute("sectanchors", "")
                            .experimental(true).build())
                    .build());
        }
    }

    /** The same attributes for the Ruby CLI. */
    static final String[] CLI_ATTRIBUTES = {"-S", "safe", "-s", "-a", "source-highlighter=rouge", "-a", "rouge-css=class",
        "-a", "idprefix=", "-a", "idseparator=-", "-a", "sectanchors", "-a", "experimental"};
}
