import java.util.Locale;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivery latency per mechanism on a log scale: a dot at p50, a thick bar to p99,
 * a thin line to the worst case. One row per network (no delay, simulated delay).
 * Text and axes are {@code currentColor}, so the chart follows a light or dark page.
 */
final class LatencyChart {

    private static final int WIDTH = 720, LEFT = 150, RIGHT = 30, TOP = 48, ROW = 18, GROUP_GAP = 14;
    private static final double MIN_MS = 0.1, MAX_MS = 3000;
    private static final String[] COLOURS = {"#3b82f6", "#f59e0b"};
    private static final String FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

    private LatencyChart() {}

    static void write(List<PollingVsPush.Outcome> outcomes, Path file) throws IOException {
        Map<String, List<PollingVsPush.Outcome>> byMechanism = new LinkedHashMap<>();
        List<Long> delays = new ArrayList<>();
        for (PollingVsPush.Outcome o : outcomes) {
            byMechanism.computeIfAbsent(o.mechanism(), k -> new ArrayList<>()).add(o);
            if (!delays.contains(o.delayMs())) delays.add(o.delayMs());
        }
        int groupHeight = ROW * delays.size() + GROUP_GAP;
        int plotBottom = TOP + groupHeight * byMechanism.size();
        int height = plotBottom + 40;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"%s\" font-size=\"12\" fill=\"currentColor\" stroke=\"currentColor\" role=\"img\">%n",
                WIDTH, height, WIDTH, height, FONT));
        svg.append("<title>Delivery latency per mechanism: p50 dot, p99 bar end, max line end, log scale</title>\n");
        // legend
        int lx = LEFT;
        for (int i = 0; i < delays.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"12\" width=\"14\" height=\"8\" fill=\"%s\" stroke=\"none\"/>%n", lx, COLOURS[i % 2]));
            String name = delays.get(i) == 0 ? "loopback, no delay" : delays.get(i) + " ms each way";
            svg.append(text(lx + 20, 20, "start", name, null));
            lx += 30 + name.length() * 7;
        }
        svg.append(text(WIDTH - RIGHT, 20, "end", "● p50   ▬ to p99   ─ to max", "0.7"));
        // grid: one line per decade
        for (double ms = MIN_MS; ms <= MAX_MS * 1.001; ms *= 10) {
            double x = x(ms);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke-opacity=\"0.2\"/>%n", x, TOP - 8, x, plotBottom));
            svg.append(text((int) x, plotBottom + 16, "middle", ms < 1 ? "0.1 ms" : ms < 1000 ? (int) ms + " ms" : (int) (ms / 1000) + " s", "0.8"));
        }
        svg.append(text((LEFT + WIDTH - RIGHT) / 2, plotBottom + 34, "middle",
                "event created → client has it (log scale)", "0.7"));
        int y = TOP;
        for (Map.Entry<String, List<PollingVsPush.Outcome>> group : byMechanism.entrySet()) {
            svg.append(text(LEFT - 10, y + ROW * delays.size() / 2 + 4, "end", group.getKey(), null));
            for (PollingVsPush.Outcome o : group.getValue()) {
                String colour = COLOURS[delays.indexOf(o.delayMs()) % 2];
                double p50 = x(o.latency().p50() / 1e6), p99 = x(o.latency().p99() / 1e6), max = x(o.latency().max() / 1e6);
                int mid = y + ROW / 2;
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.5\"/>%n", p99, mid, max, mid, colour));
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.5\"/>%n", max, mid - 4, max, mid + 4, colour));
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"8\" fill=\"%s\" fill-opacity=\"0.55\" stroke=\"none\"/>%n",
                        p50, mid - 4, Math.max(1, p99 - p50), colour));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"4.5\" fill=\"%s\" stroke=\"none\"/>%n", p50, mid, colour));
                y += ROW;
            }
            y += GROUP_GAP;
        }
        svg.append("</svg>\n");
        Files.writeString(file, svg.toString(), StandardCharsets.UTF_8);
    }

    private static double x(double ms) {
        double clamped = Math.max(MIN_MS, Math.min(MAX_MS, ms));
        return LEFT + (WIDTH - LEFT - RIGHT) * Math.log10(clamped / MIN_MS) / Math.log10(MAX_MS / MIN_MS);
    }

    private static String text(int x, int y, String anchor, String text, String opacity) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" stroke=\"none\"%s>%s</text>%n", x, y, anchor,
                opacity == null ? "" : " fill-opacity=\"" + opacity + "\"", text.replace("&", "&amp;").replace("<", "&lt;"));
    }
}
