import java.util.Locale;
import java.util.List;
import java.util.TreeSet;
import kit.Direction;

/**
 * HTTP/2 frames drawn as one lane per stream: stream 0 (the connection itself) on the left, then
 * each request's stream, time going down. A frame the client sent is an outlined box with its
 * arrow pointing right; one the server sent is filled and points left. A chapter helper.
 */
final class StreamLanes {

    private static final int LEFT = 90, LANE = 196, TOP = 80, ROW = 26;
    private static final String FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

    private StreamLanes() {}

    static String svg(String title, List<H2Wire.H2Frame> frames) {
        List<Integer> streams = List.copyOf(new TreeSet<>(frames.stream().map(H2Wire.H2Frame::stream).toList()));
        int width = LEFT + LANE * streams.size() + 10, height = TOP + ROW * frames.size() + 16;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"%s\" font-size=\"11\" fill=\"currentColor\" stroke=\"currentColor\" role=\"img\">%n"
                + "<title>%s</title>%n", width, height, width, height, FONT, escape(title)));
        text(svg, 8, 18, "start", title, "600");
        text(svg, 8, 36, "start", "\u2192 client to server   \u2190 server to client   \u2022 END_STREAM", null);
        text(svg, LEFT - 8, 58, "end", "ms", null);
        for (int i = 0; i < streams.size(); i++) {
            int x = LEFT + LANE * i;
            int stream = streams.get(i);
            text(svg, x + LANE / 2, 58, "middle", stream == 0 ? "stream 0 (connection)" : "stream " + stream, "600");
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"66\" x2=\"%d\" y2=\"%d\" stroke-opacity=\"0.3\" stroke-dasharray=\"4 4\"/>%n",
                    x + LANE / 2, x + LANE / 2, height - 8));
        }
        for (int r = 0; r < frames.size(); r++) {
            H2Wire.H2Frame f = frames.get(r);
            int x = LEFT + LANE * streams.indexOf(f.stream()) + 8, y = TOP + ROW * r;
            boolean up = f.direction() == Direction.CLIENT_TO_SERVER;
            text(svg, LEFT - 8, y + 14, "end", String.format(Locale.ROOT, "%.1f", f.micros() / 1000.0), null);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\" %s/>%n", x, y, LANE - 16, ROW - 6,
                    up ? "fill=\"none\"" : "fill=\"#3b82f6\" fill-opacity=\"0.18\" stroke-opacity=\"0.6\""));
            String label = (up ? "\u2192 " : "\u2190 ") + shortLabel(f);
            text(svg, x + 6, y + 14, "start", label.length() > 28 ? label.substring(0, 27) + "\u2026" : label, null);
        }
        return svg.append("</svg>\n").toString();
    }

    /** The frame in a few words: {@code HEADERS GET /a}, {@code HEADERS 200}, {@code DATA 2 B}. */
    static String shortLabel(H2Wire.H2Frame f) {
        String end = f.endStream() ? " \u2022" : "";
        return switch (f.type()) {
            case "HEADERS" -> { // GET /path, CONNECT websocket (its :protocol), or the :status
                boolean tunnel = f.fields().stream().anyMatch(s -> s.startsWith(":protocol"));
                yield "HEADERS " + f.fields().stream().filter(s -> s.startsWith(":method") || s.startsWith(":status")
                        || s.startsWith(tunnel ? ":protocol" : ":path")).map(s -> s.substring(s.indexOf(' ') + 1))
                        .reduce((a, b) -> a + " " + b).orElse("") + end;
            }
            case "DATA" -> "DATA " + f.payload().length + " B" + end;
            case "SETTINGS" -> (f.flags() & 1) != 0 ? "SETTINGS ACK" : "SETTINGS (" + f.fields().size() + ")";
            default -> f.label();
        };
    }

    private static void text(StringBuilder svg, int x, int y, String anchor, String text, String weight) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" stroke=\"none\"%s>%s</text>%n",
                x, y, anchor, weight == null ? "" : " font-weight=\"" + weight + "\"", escape(text)));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
