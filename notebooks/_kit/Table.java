package kit;

import java.util.Locale;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table that lines up in any terminal and in the book:
 * numbers right-aligned, words left-aligned.
 *
 * <pre>
 * what            bytes
 * --------------  -----
 * request head      102
 * response head      84
 * </pre>
 */
public final class Table {

    private final List<String[]> rows = new ArrayList<>();

    public Table(String... header) {
        rows.add(header);
    }

    /** Adds a row; numbers get thousands separators. */
    public Table row(Object... cells) {
        String[] texts = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            Object cell = cells[i];
            texts[i] = cell instanceof Integer || cell instanceof Long ? String.format(Locale.ROOT, "%,d", ((Number) cell).longValue())
                    : cell instanceof Double || cell instanceof Float ? String.format(Locale.ROOT, "%,.1f", ((Number) cell).doubleValue())
                    : String.valueOf(cell);
        }
        rows.add(texts);
        return this;
    }

    @Override
    public String toString() {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) widths[i] = Math.max(widths[i], row[i].length());
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean number = r > 0 && row[i].matches("[-+]?[\\d,]+(\\.\\d+)?( ?[%a-zµA-Z]+)?");
                String format = "%" + (number ? "" : "-") + widths[i] + "s";
                line.append(i == 0 ? "" : "  ").append(String.format(format, row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < columns; i++) rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
                out.append(rule).append('\n');
            }
        }
        return out.toString();
    }
}
