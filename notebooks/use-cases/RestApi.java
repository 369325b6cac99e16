///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Where HTTP wins: a small REST API whose status codes say what happened (201, 200, 400, 404, 405, 412, 204)
//JAVA 17+
//DEPS com.google.code.gson:gson:2.13.2
//SOURCES ../_kit/*.java

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import kit.*;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

public class RestApi {

    record Note(int id, String text, int version) {
        String etag() {
            return "\"v" + version + "\"";
        }
    }

    static final Map<String, Note> NOTES = new ConcurrentHashMap<>();
    static final String ONE_NOTE = "GET, PUT, DELETE"; // what /notes/{id} allows
    static final AtomicInteger IDS = new AtomicInteger();
    static final Gson GSON = new Gson();

    // tag::server[]
    /** /notes and /notes/{id}: each status says what happened. */
    static void notes(Request request, Response response)
            throws Exception {
        String uri = request.getRequestURI(); // /notes, /notes/7
        String id = uri.replaceFirst("^/notes/?", "");
        String method = request.getMethod().getMethodString();
        if (id.isEmpty()) {
            if (!method.equals("POST")) {
                answer(response, 405, "Allow", "POST");
                return;
            }
            String text = textOf(request);
            if (text == null) {
                answer(response, 400, null, null);           // <1>
                return;
            }
            Note note = new Note(IDS.incrementAndGet(), text, 1);
            NOTES.put(String.valueOf(note.id()), note);
            response.setHeader("Location", "/notes/" + note.id());
            response.setHeader("ETag", note.etag());
            json(response, 201, note);                       // <2>
            return;
        }
        Note note = NOTES.get(id);
        if (note == null) {
            answer(response, 404, null, null);               // <3>
            return;
        }
        switch (method) {
            case "GET" -> {
                response.setHeader("ETag", note.etag());
                json(response, 200, note);
            }
            case "PUT" -> {
                String ifMatch = request.getHeader("If-Match");
                String current = note.etag();
                String text = textOf(request);
                if (ifMatch != null && !ifMatch.equals(current)) {
                    answer(response, 412, "ETag", current);  // <4>
                } else if (text == null) {
                    answer(response, 400, null, null);
                } else {
                    int version = note.version() + 1;
                    var next = new Note(note.id(), text, version);
                    NOTES.put(id, next);
                    response.setHeader("ETag", next.etag());
                    json(response, 200, next);
                }
            }
            case "DELETE" -> {
                NOTES.remove(id);
                answer(response, 204, null, null);           // <5>
            }
            default -> answer(response, 405, "Allow", ONE_NOTE);
        }
    }
    // end::server[]

    public static void main(String[] args) throws Exception {
        http = Clients.http();
        try (DemoServer started = DemoServer.builder().route("/notes/*", RestApi::notes).start()) {
            server = started;
            // tag::client[]
            String milk = "{\"text\":\"milk\"}";
            var created = send("POST", "/notes", milk, null);
            String note = header(created, "Location");
            check("POST /notes", created, 201, "at " + note);

            var read = send("GET", note, null, null);
            check("GET " + note, read, 200, "ETag " + etag(read));
            System.out.println("  " + read.body());

            var bad = send("POST", "/notes", "{\"txt\":1}", null);
            check("POST /notes {\"txt\":1}", bad, 400, "my mistake");
            var missing = send("GET", "/notes/99", null, null);
            check("GET /notes/99", missing, 404, "no such note");

            var patch = send("PATCH", note, "{}", null);
            String allow = header(patch, "Allow");
            check("PATCH " + note, patch, 405, "Allow: " + allow);

            String v1 = etag(read); // two clients have read v1
            var put = send("PUT", note, "{\"text\":\"oat\"}", v1);
            check("PUT If-Match: " + v1, put, 200, etag(put));
            var stale = send("PUT", note, "{\"text\":\"soy\"}", v1);
            check("PUT If-Match: " + v1 + " (again)", stale, 412,
                    "changed since I read it");

            var delete = send("DELETE", note, null, null);
            check("DELETE " + note, delete, 204, "nothing to say");
            var gone = send("GET", note, null, null);
            check("GET " + note, gone, 404, "and it stays gone");
            // end::client[]
        }
        System.out.println();
        Claims.check("every answer carried the status HTTP defines for what happened", wrong == 0,
                wrong + " of " + calls + " wrong");
        System.out.println("All " + calls + " answers carry the status HTTP");
        System.out.println("defines for what happened. Clients, proxies");
        System.out.println("and monitoring can act on them without");
        System.out.println("reading a body.");
        Figures.publish("rest-calls", calls);
    }

    static HttpClient http;
    static DemoServer server;

    /** Sends one request: method, path, a JSON body or none, If-Match or none. */
    static HttpResponse<String> send(String method, String path, String json, String ifMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.httpUri(path)).timeout(Duration.ofSeconds(5))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) request.header("Content-Type", "application/json");
        if (ifMatch != null) request.header("If-Match", ifMatch);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse("(none)");
    }

    static int calls, wrong;

    /** Prints one exchange; counts it wrong unless the status is the expected one. */
    static void check(String what, HttpResponse<String> response, int expected, String detail) {
        calls++;
        boolean right = response.statusCode() == expected;
        if (!right) wrong++;
        System.out.println(what);
        System.out.println("  -> " + response.statusCode() + (right ? "" : " (expected " + expected + ")") + ", " + detail);
    }

    static String etag(HttpResponse<String> response) {
        return response.headers().firstValue("ETag").orElse("?");
    }

    /** The "text" of a JSON body like {"text":"buy milk"}, or null if there is none. */
    static String textOf(Request request) throws Exception {
        String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            JsonElement json = JsonParser.parseString(body);
            JsonObject object = json.isJsonObject() ? json.getAsJsonObject() : null;
            return object != null && object.has("text") && object.get("text").isJsonPrimitive() ? object.get("text").getAsString() : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    static void json(Response response, int status, Object value) throws Exception {
        byte[] body = GSON.toJson(value).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static void answer(Response response, int status, String header, String value) {
        response.setStatus(status);
        if (header != null) response.setHeader(header, value);
        response.setContentLength(0);
    }
}
