package kit;

import java.util.Locale;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws what a {@link WireTap} recorded as a sequence diagram in SVG: the
 * client's lifeline on the left, the server's on the right, time going down,
 * one arrow per HTTP head, body part or WebSocket frame, labelled with what it
 * was and when the tap saw it.
 *
 * <p>The drawing uses {@code currentColor} only, plus one translucent accent
 * behind the WebSocket part, so it reads on a light page and on a dark one.
 * Rows are evenly spaced (their order is the story); the time of each row is
 * written beside it.
 */
public final class SequenceDiagram {

    private static final int WIDTH = 640, TOP = 56, ROW = 30, LEFT = 96, CLIENT_X = 170, SERVER_X = 590;
    private static final String FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

    private SequenceDiagram() {}

    /** Writes the diagram for these events (e.g. {@code tap.timeline()}) to {@code file}. */
    public static void write(List<TapEvent> events, Path file) throws IOException {
        Files.writeString(file, svg(events), StandardCharsets.UTF_8);
    }

    /** Two recorded timelines drawn next to each other in one picture, each under its title. */
    public static String sideBySide(String leftTitle, List<TapEvent> left, String rightTitle, List<TapEvent> right) {
        String a = svg(left), b = svg(right);
        int height = Math.max(height(left), height(right)) + 30, width = 2 * WIDTH + 20;
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "fill=\"currentColor\" font-family=\"%s\" font-size=\"15\" font-weight=\"600\" role=\"img\">%n"
                        + "<title>Two sequence diagrams side by side: %s, and %s</title>%n"
                        + "<text x=\"%d\" y=\"20\" text-anchor=\"middle\">%s</text>%n<text x=\"%d\" y=\"20\" text-anchor=\"middle\">%s</text>%n"
                        + "%s%s</svg>%n",
                width, height, width, height, FONT, escape(leftTitle), escape(rightTitle), WIDTH / 2, escape(leftTitle), WIDTH + 20 + WIDTH / 2, escape(rightTitle),
                a.replaceFirst("<svg ", "<svg x=\"0\" y=\"30\" font-weight=\"400\" "),
                b.replaceFirst("<svg ", "<svg x=\"" + (WIDTH + 20) + "\" y=\"30\" font-weight=\"400\" "));
    }

    private static int height(List<TapEvent> events) {
        return TOP + ROW * (int) events.stream().filter(e -> e.kind() != TapEvent.Kind.LOST).count() + 24;
    }

    public static String svg(List<TapEvent> events) {
        List<TapEvent> shown = events.stream().filter(e -> e.kind() != TapEvent.Kind.LOST).toList();
        boolean several = shown.stream().mapToInt(TapEvent::connection).distinct().count() > 1;
        int height = height(events);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"%s\" font-size=\"12\" fill=\"currentColor\" stroke=\"currentColor\" role=\"img\">%n",
                WIDTH, height, WIDTH, height, FONT));
        svg.append("<title>Sequence diagram of a recorded exchange</title>\n");
        webSocketBand(svg, shown, height);
        lifeline(svg, CLIENT_X, "client", height);
        lifeline(svg, SERVER_X, "server", height);
        for (int i = 0; i < shown.size(); i++) {
            TapEvent event = shown.get(i);
            int y = TOP + ROW * i + ROW / 2 + 6;
            text(svg, LEFT - 8, y + 4, "end", String.format(Locale.ROOT, "%.3f ms", event.micros() / 1000.0), "0.7");
            String label = (several ? "#" + event.connection() + " " : "") + event.label();
            switch (event.kind()) {
                case CONNECT, DROP -> note(svg, y, label, event.kind() == TapEvent.Kind.DROP);
                case END -> arrow(svg, y, event.direction(), label, true);
                default -> arrow(svg, y, event.direction(), label, false);
            }
        }
        return svg.append("</svg>\n").toString();
    }

    /** A translucent band from the first frame to the last: the part that is WebSocket. */
    private static void webSocketBand(StringBuilder svg, List<TapEvent> events, int height) {
        int first = -1, last = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).kind() == TapEvent.Kind.FRAME) {
                if (first < 0) first = i;
                last = i;
            }
        }
        if (first < 0) return;
        int y = TOP + ROW * first + 2;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"#3b82f6\" "
                + "fill-opacity=\"0.12\" stroke=\"none\"/>%n", CLIENT_X - 20, y, SERVER_X - CLIENT_X + 40, ROW * (last - first + 1)));
        text(svg, SERVER_X - 8, y + 11, "end", "WebSocket", "0.6");
    }

    private static void lifeline(StringBuilder svg, int x, String name, int height) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"8\" width=\"80\" height=\"26\" rx=\"4\" fill=\"none\"/>%n", x - 40));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"26\" text-anchor=\"middle\" stroke=\"none\" font-weight=\"600\">%s</text>%n", x, name));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"34\" x2=\"%d\" y2=\"%d\" stroke-opacity=\"0.5\" stroke-dasharray=\"4 4\"/>%n", x, x, height - 8));
    }

    private static void arrow(StringBuilder svg, int y, Direction direction, String label, boolean dashed) {
        boolean right = direction == Direction.CLIENT_TO_SERVER;
        int from = right ? CLIENT_X : SERVER_X, to = right ? SERVER_X : CLIENT_X;
        int tip = right ? to - 1 : to + 1, back = right ? -8 : 8;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke-width=\"1.3\"%s/>%n",
                from, y, tip + back / 2, y, dashed ? " stroke-dasharray=\"3 3\"" : ""));
        svg.append(String.format(Locale.ROOT, "<polygon points=\"%d,%d %d,%d %d,%d\" stroke=\"none\"/>%n",
                tip, y, tip + back, y - 4, tip + back, y + 4));
        text(svg, (CLIENT_X + SERVER_X) / 2, y - 5, "middle", label, null);
    }

    private static void note(StringBuilder svg, int y, String label, boolean warning) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke-opacity=\"0.35\" stroke-width=\"%s\"/>%n",
                CLIENT_X, y, SERVER_X, y, warning ? "3" : "1"));
        text(svg, (CLIENT_X + SERVER_X) / 2, y - 5, "middle", label, "0.8");
    }

    private static void text(StringBuilder svg, int x, int y, String anchor, String text, String opacity) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" stroke=\"none\"%s>%s</text>%n",
                x, y, anchor, opacity == null ? "" : " fill-opacity=\"" + opacity + "\"", escape(text)));
    }

    private static String escape(String text) {
        String shortened = text.length() > 60 ? text.substring(0, 59) + "…" : text;
        return shortened.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
