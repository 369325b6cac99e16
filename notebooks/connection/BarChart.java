import java.util.Locale;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A horizontal bar chart in SVG, for the tables of this chapter. Each row has one
 * value per series: drawn side by side ({@code stacked = false}) or end to end
 * ({@code stacked = true}, e.g. payload and overhead). Text and axes use
 * {@code currentColor}, so the chart reads on a light page and on a dark one.
 */
final class BarChart {

    private static final int WIDTH = 720, LEFT = 190, RIGHT = 70, TOP = 40, BAR = 14, GAP = 12;
    private static final String[] COLOURS = {"#3b82f6", "#f59e0b", "#10b981", "#ef4444"};
    private static final String FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

    record Row(String label, double... values) {}

    private final String title, unit;
    private final List<String> series;
    private final List<Row> rows = new ArrayList<>();
    private boolean stacked, log;

    BarChart(String title, String unit, String... series) {
        this.title = title;
        this.unit = unit;
        this.series = List.of(series);
    }

    BarChart stacked() {
        stacked = true;
        return this;
    }

    /** A log scale, for values that span several powers of ten. */
    BarChart log() {
        log = true;
        return this;
    }

    BarChart row(String label, double... values) {
        rows.add(new Row(label, values));
        return this;
    }

    void write(Path file) throws IOException {
        Files.writeString(file, svg(), StandardCharsets.UTF_8);
    }

    String svg() {
        int barsPerRow = stacked ? 1 : Math.max(1, series.size());
        int rowHeight = barsPerRow * BAR + GAP;
        int plotBottom = TOP + rows.size() * rowHeight;
        int height = plotBottom + 40;
        double max = rows.stream().mapToDouble(r -> stacked ? sum(r.values()) : max(r.values())).max().orElse(1);
        double min = rows.stream().flatMapToDouble(r -> java.util.Arrays.stream(r.values())).filter(v -> v > 0).min().orElse(1);
        double top = niceTop(max), bottom = log ? Math.pow(10, Math.floor(Math.log10(min))) : 0;
        StringBuilder svg = new StringBuilder(String.format(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"%s\" "
                        + "font-size=\"12\" fill=\"currentColor\" stroke=\"currentColor\" role=\"img\">%n<title>%s</title>%n",
                WIDTH, height, WIDTH, height, FONT, escape(title)));
        int lx = LEFT;
        for (int i = 0; i < series.size() && series.size() > 1; i++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"10\" width=\"14\" height=\"10\" fill=\"%s\" stroke=\"none\"/>%n", lx, COLOURS[i]));
            svg.append(text(lx + 20, 19, "start", series.get(i), null));
            lx += 34 + series.get(i).length() * 7;
        }
        for (double tick : ticks(bottom, top)) {
            double x = x(tick, bottom, top);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke-opacity=\"0.2\"/>%n", x, TOP - 6, x, plotBottom));
            svg.append(text((int) x, plotBottom + 15, "middle", format(tick), "0.8"));
        }
        svg.append(text((LEFT + WIDTH - RIGHT) / 2, plotBottom + 33, "middle", unit + (log ? " (log scale)" : ""), "0.7"));
        int y = TOP;
        for (Row row : rows) {
            svg.append(text(LEFT - 10, y + barsPerRow * BAR / 2 + 4, "end", row.label(), null));
            double start = bottom;
            for (int i = 0; i < row.values().length; i++) {
                double value = row.values()[i];
                double from = stacked ? start : bottom, to = stacked ? start + value : value;
                int by = stacked ? y : y + i * BAR;
                double x0 = x(from, bottom, top), x1 = x(Math.max(to, bottom), bottom, top);
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" fill-opacity=\"0.8\" stroke=\"none\"/>%n",
                        x0, by + 1, Math.max(1.5, x1 - x0), BAR - 2, COLOURS[i % COLOURS.length]));
                if (!stacked) svg.append(text((int) x1 + 5, by + BAR - 3, "start", format(value), "0.9"));
                start = to;
            }
            if (stacked) svg.append(text((int) x(start, bottom, top) + 5, y + BAR - 3, "start", format(start), "0.9"));
            y += rowHeight;
        }
        return svg.append("</svg>\n").toString();
    }

    private double x(double value, double bottom, double top) {
        double fraction = log ? Math.log10(Math.max(value, bottom) / bottom) / Math.log10(top / bottom) : value / top;
        return LEFT + (WIDTH - LEFT - RIGHT) * fraction;
    }

    private List<Double> ticks(double bottom, double top) {
        List<Double> ticks = new ArrayList<>();
        if (log) {
            for (double t = bottom; t <= top * 1.001; t *= 10) ticks.add(t);
        } else {
            for (int i = 0; i <= 4; i++) ticks.add(top * i / 4);
        }
        return ticks;
    }

    private double niceTop(double max) {
        if (log) return Math.pow(10, Math.ceil(Math.log10(max)));
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) if (step * magnitude >= max) return step * magnitude;
        return 10 * magnitude;
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElse(0);
    }

    private static double sum(double[] values) {
        return java.util.Arrays.stream(values).sum();
    }

    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e9) return String.format(Locale.ROOT, "%,d", (long) value);
        String text = value < 10 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%,.1f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    private static String text(int x, int y, String anchor, String text, String opacity) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" stroke=\"none\"%s>%s</text>%n", x, y, anchor,
                opacity == null ? "" : " fill-opacity=\"" + opacity + "\"", escape(text));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
