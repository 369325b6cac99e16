package builder;

import java.util.Map;
import org.asciidoctor.ast.StructuralNode;
import org.asciidoctor.extension.BlockMacroProcessor;
import org.asciidoctor.extension.Name;

/**
 * {@code live::polling-vs-push[]}: a box that comes alive only when the book is
 * served ({@code ./jbang serve}), where the server's page script fills it in.
 * The static site shows what the box would show and how to see it.
 */
@Name("live")
public class LiveBlockMacro extends BlockMacroProcessor {

    /** The live boxes there are, and what each says in the static site. */
    private static final Map<String, String> WIDGETS = Map.of("polling-vs-push", """
            <p><strong>Live when served.</strong> Served by <code>./jbang serve</code>, this box receives one \
            stream of events three ways side by side: by polling (a new request every second), by Server-Sent \
            Events (one long HTTP response) and by a WebSocket (one upgraded connection). Under each it counts, \
            as they happen, the requests made, the events received and how late each event arrived.</p>
            <p>This copy of the page is static, so nothing runs here. To watch it: type <code>./jbang serve</code> \
            in the book's folder and open this page from the address it prints.</p>""");

    @Override
    public StructuralNode process(StructuralNode parent, String target, Map<String, Object> attributes) {
        String text = WIDGETS.get(target);
        if (text == null) {
            throw new IllegalArgumentException("no live box named \"" + target + "\"; there is: "
                    + String.join(", ", WIDGETS.keySet()));
        }
        String html = "<div class=\"live-widget\" data-live=\"" + Html.escape(target) + "\">\n"
                + "<div class=\"live-static\">\n" + text + "\n</div>\n</div>";
        return createBlock(parent, "pass", html);
    }
}
