import java.util.Locale;
import java.util.List;
import kit.Direction;
import kit.TapEvent;

/**
 * What a dropping tap saw, one lane per connection along a time axis: frames up
 * (ticks above the lane), frames down (below), the silent drop (a red cross),
 * bytes that went nowhere after it (grey), and when a heartbeat noticed (a ring).
 */
final class IdleChart {

    private static final int WIDTH = 720, LEFT = 150, RIGHT = 20, TOP = 40, LANE = 46;
    private static final String FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

    private IdleChart() {}

    static String svg(List<TapEvent> timeline, long runMillis, List<String> lanes, long noticedMicrosOfSecond) {
        int height = TOP + LANE * lanes.size() + 40;
        StringBuilder svg = new StringBuilder(String.format(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"%s\" "
                        + "font-size=\"12\" fill=\"currentColor\" stroke=\"currentColor\" role=\"img\">%n"
                        + "<title>Frames per connection over time, the idle drop and the heartbeat's detection</title>%n",
                WIDTH, height, WIDTH, height, FONT));
        svg.append(legend());
        int bottom = TOP + LANE * lanes.size();
        for (int s = 0; s <= runMillis / 1000; s++) {
            double x = x(s * 1_000_000L, runMillis);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke-opacity=\"0.15\"/>%n", x, TOP - 6, x, bottom));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" stroke=\"none\" fill-opacity=\"0.8\">%d s</text>%n", x, bottom + 15, s));
        }
        for (int lane = 0; lane < lanes.size(); lane++) {
            int y = TOP + LANE * lane + LANE / 2, connection = lane + 1;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" stroke=\"none\">%s</text>%n", LEFT - 10, y + 4, lanes.get(lane)));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke-opacity=\"0.4\"/>%n", LEFT, y, WIDTH - RIGHT, y));
            for (TapEvent e : timeline) {
                if (e.connection() != connection) continue;
                double x = x(e.micros(), runMillis);
                boolean up = e.direction() == Direction.CLIENT_TO_SERVER;
                switch (e.kind()) {
                    case FRAME -> svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#3b82f6\" stroke-width=\"2\"/>%n",
                            x, y, x, up ? y - 12 : y + 12));
                    case LOST -> svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke-opacity=\"0.45\" stroke-width=\"2\" stroke-dasharray=\"2 2\"/>%n",
                            x, y - 12, x, y + 12));
                    case DROP -> svg.append(String.format(Locale.ROOT, "<path d=\"M%.1f %d l10 10 M%.1f %d l-10 10\" stroke=\"#ef4444\" stroke-width=\"2.5\"/>%n",
                            x - 5, y - 5, x + 5, y - 5));
                    default -> { }
                }
            }
            if (connection == 2 && noticedMicrosOfSecond > 0) {
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"7\" fill=\"none\" stroke=\"#f59e0b\" stroke-width=\"2.5\"/>%n",
                        x(noticedMicrosOfSecond, runMillis), y));
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" stroke=\"none\" fill-opacity=\"0.7\">seconds since the first connection</text>%n",
                (LEFT + WIDTH - RIGHT) / 2, bottom + 33));
        return svg.append("</svg>\n").toString();
    }

    private static String legend() {
        return "<line x1=\"150\" y1=\"10\" x2=\"150\" y2=\"22\" stroke=\"#3b82f6\" stroke-width=\"2\"/>"
                + "<text x=\"158\" y=\"20\" stroke=\"none\">frame (up above, down below)</text>\n"
                + "<path d=\"M345 11 l10 10 M355 11 l-10 10\" stroke=\"#ef4444\" stroke-width=\"2.5\"/>"
                + "<text x=\"362\" y=\"20\" stroke=\"none\">dropped, silently</text>\n"
                + "<line x1=\"480\" y1=\"10\" x2=\"480\" y2=\"22\" stroke-opacity=\"0.45\" stroke-width=\"2\" stroke-dasharray=\"2 2\"/>"
                + "<text x=\"488\" y=\"20\" stroke=\"none\">lost</text>\n"
                + "<circle cx=\"530\" cy=\"16\" r=\"6\" fill=\"none\" stroke=\"#f59e0b\" stroke-width=\"2.5\"/>"
                + "<text x=\"542\" y=\"20\" stroke=\"none\">heartbeat noticed</text>\n";
    }

    private static double x(long micros, long runMillis) {
        return LEFT + (WIDTH - LEFT - RIGHT) * Math.min(1.0, micros / (runMillis * 1000.0));
    }
}
