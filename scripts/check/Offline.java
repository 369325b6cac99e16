package check;

import builder.BuildError;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;

/**
 * The offline guarantee, read from the files: nothing a page loads names
 * another host. HTML resource attributes, inline and linked CSS ({@code url()},
 * {@code @import}) and the string literals of JavaScript code are scanned;
 * links a reader may follow ({@code <a href="https://...">}) are not loads.
 * (The browser tests prove the same at run time.)
 */
public final class Offline {
    /** An absolute or protocol-relative URL with a host. */
    private static final Pattern HOST_URL = Pattern.compile("(?i)(?:\\b[a-z][a-z0-9+.-]*:)?//[a-z0-9\\[][^\\s\"'`)<>]*");
    /** XML namespace names: identifiers that look like URLs and are never fetched. */
    private static final Set<String> NAMESPACES = Set.of("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xhtml",
            "http://www.w3.org/1999/xlink", "http://www.w3.org/1998/Math/MathML", "http://www.w3.org/2000/xmlns/",
            "http://www.w3.org/XML/1998/namespace");
    private static final String FIX = "fix: the site must work offline: copy the file into scripts/site-assets/ "
            + "(or take it from a WebJar in builder.Assets) and refer to it relatively";

    private final SiteFiles site;
    private final List<BuildError> errors = new ArrayList<>();

    private Offline(SiteFiles site) {
        this.site = site;
    }

    public static List<BuildError> check(SiteFiles site) throws IOException {
        Offline offline = new Offline(site);
        offline.pages();
        offline.files();
        return offline.errors;
    }

    private void pages() {
        site.checkedPages().forEach((name, page) -> {
            for (String[] resource : Urls.RESOURCES) {
                for (Element element : page.select(resource[0])) {
                    if (element.normalName().equals("link")
                            && Urls.NON_LOADING_LINKS.contains(element.attr("rel").strip().toLowerCase())) {
                        continue;
                    }
                    for (String url : Urls.values(element, resource[1])) {
                        if (Urls.leavesSite(url)) {
                            found(name, element, "<" + element.normalName() + " " + resource[1] + "=\"" + url + "\">", url);
                        }
                    }
                }
            }
            for (Element a : page.select("a[ping], form[action], meta[http-equiv=refresh]")) {
                String url = a.hasAttr("ping") ? a.attr("ping") : a.hasAttr("action") ? a.attr("action")
                        : a.attr("content").replaceFirst("(?i)^[^;]*;\\s*url=", "");
                if (Urls.leavesSite(url)) {
                    found(name, a, "<" + a.normalName() + "> to \"" + url + "\"", url);
                }
            }
            for (Element styled : page.select("[style], style")) {
                String css = styled.normalName().equals("style") ? styled.data() : styled.attr("style");
                for (String url : Urls.cssUrls(css)) {
                    if (Urls.leavesSite(url)) {
                        found(name, styled, "CSS url(" + url + ")", url);
                    }
                }
            }
            for (Element script : page.select("script:not([src])")) {
                if (isDataBlock(script)) {
                    continue; // e.g. a replay's inline timeline: data a browser never runs nor loads from
                }
                for (Literal literal : JsLiterals.strings(script.data())) {
                    hostsIn(literal.text()).forEach(url -> found(name, script, "a script's string \"" + url + "\"", url));
                }
            }
        });
    }

    private void found(String page, Element element, String what, String url) {
        errors.add(new BuildError(site.locate(page, element, url), page + " loads " + what + " from another host", FIX));
    }

    private void files() throws IOException {
        for (Path css : site.all(".css")) {
            String text = Files.readString(css);
            String code = text.replaceAll("(?s)/\\*.*?\\*/", "");
            for (String url : Urls.cssUrls(code)) {
                if (Urls.leavesSite(url)) {
                    errors.add(new BuildError(site.where(css, Urls.line(text, Math.max(0, text.indexOf(url)))),
                            site.rel(css) + " loads url(" + url + ") from another host", FIX));
                }
            }
        }
        for (Path js : site.all(".js")) {
            String text = Files.readString(js);
            if (isData(text)) {
                continue;
            }
            for (Literal literal : JsLiterals.strings(text)) {
                for (String url : hostsIn(literal.text())) {
                    errors.add(new BuildError(site.where(js, Urls.line(text, literal.offset())),
                            site.rel(js) + " names \"" + url + "\" in its code: a request to another host", FIX));
                }
            }
        }
    }

    /** JavaScript MIME types (HTML §4.12.1): a script of any other type is a data block, never run. */
    private static final Set<String> CODE_TYPES = Set.of("", "module", "text/javascript", "application/javascript",
            "text/ecmascript", "application/ecmascript", "application/x-javascript", "text/jscript");

    private static boolean isDataBlock(Element script) {
        if (!script.hasAttr("type")) {
            return false;
        }
        String type = script.attr("type").strip().toLowerCase();
        int semicolon = type.indexOf(';');
        return !CODE_TYPES.contains(semicolon < 0 ? type : type.substring(0, semicolon).strip());
    }

    /** The search index: one assignment of JSON, which runs no code and loads nothing. */
    private static boolean isData(String js) {
        Matcher m = Pattern.compile("(?s)^\\s*window\\.[A-Za-z_$][\\w$]*\\s*=\\s*(.*?);?\\s*$").matcher(js);
        if (!m.matches()) {
            return false;
        }
        try {
            JsonParser.parseString(m.group(1));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static List<String> hostsIn(String text) {
        List<String> urls = new ArrayList<>();
        Matcher m = HOST_URL.matcher(text);
        while (m.find()) {
            String url = m.group();
            if (!NAMESPACES.contains(url) && !NAMESPACES.contains(url + "/")) {
                urls.add(url);
            }
        }
        return urls;
    }

    record Literal(String text, int offset) {
    }
}
