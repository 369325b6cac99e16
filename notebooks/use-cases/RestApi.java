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
    /** /notes and /notes/{id}: every answer's status line says what happened, in HTTP's words. */
    static void notes(Request request, Response response) throws Exception {
        String path = request.getRequestURI().replaceFirst("^/notes/?", "");
        String method = request.getMethod().getMethodString();
        if (path.isEmpty()) {
            if (!method.equals("POST")) {
                answer(response, 405, "Allow", "POST");                 // Method Not Allowed (RFC 9110 §15.5.6)
                return;
            }
            String text = textOf(request);
            if (text == null) {
                answer(response, 400, null, null);                      // Bad Request (§15.5.1)
                return;
            }
            Note note = new Note(IDS.incrementAndGet(), text, 1);
            NOTES.put(note.id(), note);
            response.setHeader("Location", "/notes/" + note.id());      // where the new thing lives (§10.2.2)
            response.setHeader("ETag", note.etag());
            json(response, 201, note);                                  // Created (§15.3.2)
            return;
        }
        Note note = path.matches("\\d+") ? NOTES.get(Integer.parseInt(path)) : null;
        if (note == null) {
            answer(response, 404, null, null);                          // Not Found (§15.5.5)
            return;
        }
        switch (method) {
            case "GET" -> {
                response.setHeader("ETag", note.etag());
                json(response, 200, note);                              // OK (§15.3.1)
            }
            case "PUT" -> {
                String ifMatch = request.getHeader("If-Match");         // "only if it is still the version I read"
                String text = textOf(request);
                if (ifMatch != null && !ifMatch.equals(note.etag())) {
                    answer(response, 412, "ETag", note.etag());         // Precondition Failed (§13.1.1, §15.5.13)
                } else if (text == null) {
                    answer(response, 400, null, null);
                } else {
                    Note updated = new Note(note.id(), text, note.version() + 1);
                    NOTES.put(updated.id(), updated);
                    response.setHeader("ETag", updated.etag());
                    json(response, 200, updated);
                }
            }
            case "DELETE" -> {
                NOTES.remove(note.id());
                answer(response, 204, null, null);                      // No Content (§15.3.5)
            }
            default -> answer(response, 405, "Allow", "GET, PUT, DELETE");
        }
    }
    // end::server[]

    public static void main(String[] args) throws Exception {
        HttpClient http = Clients.http();
        try (DemoServer server = DemoServer.builder().route("/notes/*", RestApi::notes).start()) {
            // tag::client[]
            HttpResponse<String> created = call(http, server, "POST", "/notes", "{\"text\":\"buy milk\"}", null);
            String location = created.headers().firstValue("Location").orElse("?");
            check("POST /notes", created, 201, "Location: " + location + ", ETag " + etag(created));

            HttpResponse<String> read = call(http, server, "GET", location, null, null);
            check("GET " + location, read, 200, read.body());

            check("POST /notes {\"txt\":1}", call(http, server, "POST", "/notes", "{\"txt\":1}", null), 400,
                    "the request is wrong; sending it again will not help");
            check("GET /notes/99", call(http, server, "GET", "/notes/99", null, null), 404, "no such note");

            HttpResponse<String> patch = call(http, server, "PATCH", location, "{}", null);
            check("PATCH " + location, patch, 405, "Allow: " + patch.headers().firstValue("Allow").orElse("?"));

            String v1 = etag(read);
            HttpResponse<String> put = call(http, server, "PUT", location, "{\"text\":\"buy oat milk\"}", v1);
            check("PUT If-Match " + v1, put, 200, "updated, now ETag " + etag(put));

            HttpResponse<String> stale = call(http, server, "PUT", location, "{\"text\":\"buy soy milk\"}", v1);
            check("PUT If-Match " + v1 + " again", stale, 412, "someone changed it first; no lost update");

            check("DELETE " + location, call(http, server, "DELETE", location, null, null), 204, "gone, nothing to say");
            check("GET " + location, call(http, server, "GET", location, null, null), 404, "and it stays gone");
            // end::client[]
        }
        System.out.println(TABLE);
        System.out.println(wrong == 0 ? "Every answer carried the status HTTP defines for it (" + calls + " requests)."
                : wrong + " answers had the wrong status.");
        System.out.println("A client, a proxy or a monitoring tool can act on these without reading any body.");
        System.out.println("Over a WebSocket, success and failure are whatever the messages say they are.");
        Figures.publish("rest-calls", calls);
        if (wrong > 0) System.exit(1);
    }

    static HttpResponse<String> call(HttpClient http, DemoServer server, String method, String path, String body, String ifMatch)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.httpUri(path)).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        if (ifMatch != null) request.header("If-Match", ifMatch);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static final Table TABLE = new Table("request", "status", "expected", "what the client learns");
    static int calls, wrong;

    static void check(String what, HttpResponse<String> response, int expected, String detail) {
        calls++;
        if (response.statusCode() != expected) wrong++;
        TABLE.row(what, response.statusCode(), expected, detail);
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
