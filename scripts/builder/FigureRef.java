package builder;

/** A {@code fig:chapter.name[]} in prose, with where it is written. */
public record FigureRef(String name, String where) {
}
