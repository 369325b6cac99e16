///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Where HTTP wins: a small REST API whose status codes say what happened (201, 200, 400, 404, 405, 412, 204)
//JAVA 17
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

    static final Map<Integer, Note> NOTES = new ConcurrentHashMap<>();
    static final AtomicInteger IDS = new AtomicInteger();
    static final Gson GSON = new Gson();

    // tag::server[]
    /** /notes and /notes/{id}: each status line says what happened. */
    static void notes(Request request, Response response)
            throws Exception {
        String path = request.getRequestURI().replaceFirst("^/notes/?", "");
        String method = request.getMethod().getMethodString();
        if (path.isEmpty()) {
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
            NOTES.put(note.id(), note);
            response.setHeader("Location", "/notes/" + note.id());
            response.setHeader("ETag", note.etag());
            json(response, 201, note);                       // <2>
            return;
        }
        Integer id = path.matches("\\d+") ? Integer.valueOf(path) : null;
        Note note = id == null ? null : NOTES.get(id);
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
                String text = textOf(request);
                if (ifMatch != null && !ifMatch.equals(note.etag())) {
                    answer(response, 412, "ETag", note.etag()); // <4>
                } else if (text == null) {
                    answer(response, 400, null, null);
                } else {
                    var next = new Note(note.id(), text, note.version() + 1);
                    NOTES.put(next.id(), next);
                    response.setHeader("ETag", next.etag());
                    json(response, 200, next);
                }
            }
            case "DELETE" -> {
                NOTES.remove(note.id());
                answer(response, 204, null, null);           // <5>
            }
            default -> answer(response, 405, "Allow", "GET, PUT, DELETE");
        }
    }
    // end::server[]

    public static void main(String[] args) throws Exception {
        HttpClient http = Clients.http();
        try (DemoServer server = DemoServer.builder().route("/notes/*", RestApi::notes).start()) {
            // tag::client[]
            Api api = new Api(http, server);
            String milk = "{\"text\":\"buy milk\"}";
            var created = api.call("POST", "/notes", milk, null);
            String note = created.headers().firstValue("Location").get();
            check("POST /notes", created, 201, "Location: " + note);

            var read = api.call("GET", note, null, null);
            check("GET " + note, read, 200, "ETag " + etag(read));
            System.out.println("  " + read.body());

            check("POST /notes {\"txt\":1}",
                    api.call("POST", "/notes", "{\"txt\":1}", null), 400,
                    "my request is wrong; do not retry");
            check("GET /notes/99", api.call("GET", "/notes/99", null, null),
                    404, "no such note");

            var patch = api.call("PATCH", note, "{}", null);
            String allow = patch.headers().firstValue("Allow").get();
            check("PATCH " + note, patch, 405, "Allow: " + allow);

            String v1 = etag(read); // two clients read version 1...
            var put = api.call("PUT", note, "{\"text\":\"oat\"}", v1);
            check("PUT If-Match: " + v1, put, 200, "saved as " + etag(put));

            var stale = api.call("PUT", note, "{\"text\":\"soy\"}", v1);
            check("PUT If-Match: " + v1 + " (again)", stale, 412,
                    "changed since I read it");

            check("DELETE " + note, api.call("DELETE", note, null, null),
                    204, "deleted, nothing more to say");
            check("GET " + note, api.call("GET", note, null, null), 404,
                    "and it stays gone");
            // end::client[]
        }
        System.out.println();
        System.out.println(wrong == 0 ? "All " + calls + " answers carry the status HTTP"
                + "\ndefines for what happened." : wrong + " answers had the wrong status.");
        System.out.println("Clients, proxies and monitoring can act");
        System.out.println("on them without reading a body.");
        Figures.publish("rest-calls", calls);
        if (wrong > 0) System.exit(1);
    }

    /** Sends one request: method, path, JSON body or none, If-Match or none. */
    record Api(HttpClient http, DemoServer server) {
        HttpResponse<String> call(String method, String path, String json, String ifMatch)
                throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(server.httpUri(path))
                    .timeout(Duration.ofSeconds(5)).method(method, json == null
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) request.header("Content-Type", "application/json");
            if (ifMatch != null) request.header("If-Match", ifMatch);
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
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
