package builder;

/**
 * A problem the contributor can fix: where it is, what is wrong, and how to fix it.
 * Printed as {@code file:line: message} followed by an indented {@code fix:} line.
 */
public record BuildError(String where, String message, String fix) {

    public String format() {
        StringBuilder text = new StringBuilder();
        text.append(where == null || where.isEmpty() ? "" : where + ": ").append(message);
        if (fix != null && !fix.isBlank()) {
            for (String line : fix.strip().split("\n")) {
                text.append("\n    ").append(line);
            }
        }
        return text.toString();
    }
}
