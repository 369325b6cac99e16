package builder;

public record NavEntry(String slug, String title, String href) {
}
