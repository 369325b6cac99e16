package serve;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.server.StaticHttpHandlerBase;
import org.glassfish.grizzly.http.util.Header;

/**
 * Every HTTP request: first the {@link Guard} (this server's Host, then the
 * token from the URL, which is swapped for a cookie, or from the cookie),
 * then the server's own routes, then a file of {@code site/}. A path that
 * could leave {@code site/} is refused: {@code ..} or {@code .} segments,
 * encoded dots, slashes, backslashes or NULs, and files whose real path
 * (symbolic links followed) is outside. Files go out through Grizzly's static
 * file support; pages get the served-mode script added before {@code </body>}.
 */
final class SiteHandler extends HttpHandler {
    /** Encoded '.', '/', '\', NUL and '%' (double encoding): no file of the site needs them in its name. */
    private static final Pattern SUSPICIOUS = Pattern.compile("(?i)%(2e|2f|5c|00|25)|\\\\|\\x00");
    static final String SERVE_TAGS = "<link rel=\"stylesheet\" href=\"assets/serve.css\">\n"
            + "<script src=\"assets/serve.js\" defer></script>\n";

    private final Guard guard;
    private final Path site;
    private final Map<String, HttpHandler> routes;

    SiteHandler(Guard guard, Path site, Map<String, HttpHandler> routes) {
        this.guard = guard;
        this.site = site.toAbsolutePath().normalize();
        this.routes = routes;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        if (!guard.isOwnHost(request.getHeader(Header.Host))) {
            Http.text(response, 403, "Forbidden: this server answers only to 127.0.0.1:" + guard.port());
            return;
        }
        String given = Http.queryParameter(request.getQueryString(), "token");
        if (given != null && guard.isToken(given)) {
            // the token leaves the address bar (and the history) for a cookie scripts cannot read
            response.addHeader(Header.SetCookie, guard.cookie());
            response.setStatus(302);
            response.setHeader(Header.Location, request.getRequestURI());
            response.setContentLength(0);
            return;
        }
        if (!guard.cookieHolds(cookies(request))) {
            Http.text(response, 403, "Forbidden: open the address that ./jbang serve printed (it carries the token).");
            return;
        }
        response.setHeader(Header.CacheControl, "no-cache");
        String raw = request.getRequestURI();
        HttpHandler route = routes.get(raw);
        if (route != null) {
            route.service(request, response);
            return;
        }
        Path file = resolve(raw);
        if (file == null) {
            Http.text(response, 404, "Not found: " + raw);
            return;
        }
        if (!file.startsWith(site.toRealPath())) {
            Http.text(response, 403, "Forbidden: outside the site");
            return;
        }
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".html")) {
            byte[] page = withServeScript(Files.readString(file)).getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/html;charset=utf-8");
            response.setContentLength(page.length);
            response.getOutputStream().write(page);
        } else {
            StaticHttpHandlerBase.sendFile(response, file.toFile());
        }
    }

    private static List<String> cookies(Request request) {
        List<String> values = new java.util.ArrayList<>();
        request.getHeaders(Header.Cookie).forEach(values::add);
        return values;
    }

    /** The real path of the file a request names, or null when it names none or names it suspiciously. */
    Path resolve(String raw) throws IOException {
        if (raw == null || !raw.startsWith("/") || SUSPICIOUS.matcher(raw).find()) {
            return null;
        }
        String path = java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return null;
            }
        }
        String relative = path.substring(1);
        if (relative.isEmpty() || relative.endsWith("/")) {
            relative += "index.html";
        }
        try {
            Path file = site.resolve(relative).normalize();
            if (!file.startsWith(site)) {
                return null;
            }
            Path real = file.toRealPath();
            return Files.isRegularFile(real) ? real : null;
        } catch (NoSuchFileException | InvalidPathException e) {
            return null;
        }
    }

    static String withServeScript(String html) {
        int end = html.lastIndexOf("</body>");
        return end < 0 ? html + SERVE_TAGS : html.substring(0, end) + SERVE_TAGS + html.substring(end);
    }
}
