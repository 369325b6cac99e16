package builder;

import java.util.List;

public record PageModel(String slug, String title, String bodyHtml, String tocHtml, List<NavEntry> nav, int current) {
}
