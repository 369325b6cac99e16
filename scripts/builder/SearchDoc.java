package builder;

public record SearchDoc(String href, String title, String text) {
}
