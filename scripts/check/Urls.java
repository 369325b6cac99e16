package check;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;

/** Which attributes of which elements make the browser load something, and URL helpers. */
final class Urls {
    /** Attributes that load a resource when the page opens (a[href] is a link, not a load). */
    static final List<String[]> RESOURCES = List.of(
            new String[] {"script[src]", "src"}, new String[] {"img[src]", "src"}, new String[] {"img[srcset]", "srcset"},
            new String[] {"source[src]", "src"}, new String[] {"source[srcset]", "srcset"}, new String[] {"video[src]", "src"},
            new String[] {"video[poster]", "poster"}, new String[] {"audio[src]", "src"}, new String[] {"track[src]", "src"},
            new String[] {"iframe[src]", "src"}, new String[] {"embed[src]", "src"}, new String[] {"object[data]", "data"},
            new String[] {"input[src]", "src"}, new String[] {"use[href]", "href"}, new String[] {"use[xlink:href]", "xlink:href"},
            new String[] {"image[href]", "href"}, new String[] {"image[xlink:href]", "xlink:href"},
            new String[] {"feimage[href]", "href"}, new String[] {"link[href]", "href"});
    /** link rel values that only name a page, without loading it. */
    static final List<String> NON_LOADING_LINKS = List.of("canonical", "alternate", "author", "license", "help", "next",
            "prev", "search", "bookmark");
    static final Pattern CSS_URL = Pattern.compile("url\\(\\s*(['\"]?)([^'\")]*)\\1\\s*\\)|@import\\s+(['\"])([^'\"]+)\\3");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private Urls() {
    }

    /** The URLs an attribute holds (srcset holds several). */
    static List<String> values(Element element, String attribute) {
        String value = element.attr(attribute).strip();
        if (!attribute.equals("srcset")) {
            return List.of(value);
        }
        List<String> urls = new ArrayList<>();
        for (String candidate : value.split(",")) {
            String url = candidate.strip().split("\\s+")[0];
            if (!url.isEmpty()) {
                urls.add(url);
            }
        }
        return urls;
    }

    /** Whether loading this URL leaves the site: it names a scheme (other than data:) or a host ("//cdn..."). */
    static boolean leavesSite(String url) {
        String u = url.strip();
        if (u.startsWith("//")) {
            return true;
        }
        return SCHEME.matcher(u).find() && !u.regionMatches(true, 0, "data:", 0, 5) && !u.regionMatches(true, 0, "blob:", 0, 5)
                && !u.regionMatches(true, 0, "about:", 0, 6) && !u.regionMatches(true, 0, "javascript:", 0, 11);
    }

    /** A URL that names a scheme, like mailto: or https:. */
    static boolean hasScheme(String url) {
        return url.strip().startsWith("//") || SCHEME.matcher(url.strip()).find();
    }

    /** The url() and @import targets in a piece of CSS, with comments removed. */
    static List<String> cssUrls(String css) {
        String code = css.replaceAll("(?s)/\\*.*?\\*/", " ");
        List<String> urls = new ArrayList<>();
        Matcher m = CSS_URL.matcher(code);
        while (m.find()) {
            urls.add(m.group(2) != null ? m.group(2).strip() : m.group(4).strip());
        }
        return urls;
    }

    /** The line of {@code text} (1-based) that holds character {@code offset}. */
    static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** A URL without its query and fragment, percent-decoded. */
    static String path(String url) {
        String path = url.replaceAll("[?#].*$", "");
        try {
            return java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return path;
        }
    }

    static String fragment(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? null : url.substring(hash + 1);
    }
}
