package builder;

import java.nio.file.Path;

/**
 * One page of the site: the front page ({@code slug} "index", from
 * {@code notebooks/index.adoc}) or a chapter ({@code notebooks/<slug>/chapter.adoc}).
 */
public record Page(String slug, String title, Path adoc) {

    public String href() {
        return slug + ".html";
    }
}
