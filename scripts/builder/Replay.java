package builder;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A block's timeline for the replay player (scripts/site-assets/replay.js): the output lines
 * with the moments the build read them ({@code lines.jsonl}, see {@link LineTimes}) and the
 * wire-tap events and figures the script recorded ({@code out/timeline.jsonl}, see
 * {@code kit.Timeline}), in time order, as microseconds since the first of them. It goes into
 * the page as inline JSON, so the player works from {@code file://}; a block whose script used
 * no tap gets none.
 */
final class Replay {
    /** Output lines kept per block (the tap's own bound is kit.Timeline.MAX_EVENTS). */
    static final int MAX_LINES = 200;
    private static final Gson GSON = new Gson(); // escapes < > & in strings: safe inside <script>
    private static final JsonObject LINKS = new JsonObject();

    static {
        LINKS.addProperty("rfc", "https://www.rfc-editor.org/rfc/");
        LINKS.addProperty("sse", "https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation");
    }

    private Replay() {
    }

    /** The {@code <script type="application/json">} for the block's player, or "" when there is nothing to replay. */
    static String html(String blockId, RunResult result) {
        Path out = result.outDir();
        Path tapFile = out.resolve("timeline.jsonl");
        Path linesFile = out.getParent().resolve("lines.jsonl");
        if (!Files.isRegularFile(tapFile)) {
            return "";
        }
        List<JsonObject> events = new ArrayList<>();
        JsonObject left = new JsonObject();
        read(tapFile, events, left);
        if (events.stream().noneMatch(e -> e.has("tap"))) {
            return "";
        }
        int lines = 0;
        int linesLeft = 0;
        if (Files.isRegularFile(linesFile)) {
            List<JsonObject> printed = new ArrayList<>();
            read(linesFile, printed, left);
            for (JsonObject line : printed) {
                String kind = line.get("k").getAsString();
                if (kind.equals("START")) {
                    continue;
                }
                if (lines++ < MAX_LINES) {
                    events.add(line);
                } else {
                    linesLeft++;
                }
            }
        }
        events.sort(Comparator.comparingLong(e -> e.get("t").getAsLong())); // stable: a tap's own order is kept
        long zero = events.get(0).get("t").getAsLong();
        JsonArray array = new JsonArray();
        for (JsonObject event : events) {
            event.addProperty("t", event.get("t").getAsLong() - zero);
            array.add(event);
        }
        JsonObject data = new JsonObject();
        data.addProperty("block", blockId);
        data.addProperty("maxBytes", 128);
        data.add("links", LINKS); // where the inspector's field references point (links a reader may follow)
        data.add("events", array);
        if (linesLeft > 0) {
            left.addProperty("lines", linesLeft);
        }
        data.add("omitted", left);
        return "<script type=\"application/json\" class=\"replay-data\">" + GSON.toJson(data) + "</script>";
    }

    private static void read(Path file, List<JsonObject> into, JsonObject left) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonElement parsed;
                try {
                    parsed = JsonParser.parseString(line);
                } catch (RuntimeException e) {
                    continue; // a line cut short when the run was killed
                }
                if (!parsed.isJsonObject()) {
                    continue;
                }
                JsonObject object = parsed.getAsJsonObject();
                if (object.has("omitted")) {
                    left.addProperty("events", object.get("omitted").getAsInt());
                    left.addProperty("bytes", object.get("omittedBytes").getAsLong());
                } else if (object.has("t") && object.has("k")) {
                    into.add(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
