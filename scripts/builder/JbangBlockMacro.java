package builder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.asciidoctor.ast.StructuralNode;
import org.asciidoctor.extension.BlockMacroProcessor;
import org.asciidoctor.extension.Name;

/**
 * {@code jbang::Name.java[args="...", tags="a;b"]}: the script's source (whole,
 * without its JBang header, or only the tagged regions, with callouts), the
 * command a reader types, and the output captured when the build ran it.
 * It only reads results; it never runs anything.
 */
@Name("jbang")
public class JbangBlockMacro extends BlockMacroProcessor {
    private final Supplier<RenderContext> context;

    public JbangBlockMacro(Supplier<RenderContext> context) {
        this.context = context;
    }

    @Override
    public StructuralNode process(StructuralNode parent, String target, Map<String, Object> attributes) {
        Block block = context.get().block(parent.getDocument(), target, String.valueOf(attributes.getOrDefault("args", "")));
        RunResult result = context.get().result(block);
        String code = ScriptSource.display(block.script(), block.tags());
        String fence = "-".repeat(Math.max(4, longestRun(code, '-') + 1));
        String outputHtml = output(context.get(), block, result) + "\n" + context.get().embeddedFiles(block, result)
                + "\n" + Replay.html(context.get().blockId(block), result);
        String pass = "+".repeat(Math.max(4, longestRun(outputHtml, '+') + 1));

        List<String> lines = new ArrayList<>();
        lines.add(pass);
        lines.add("<div class=\"openblock jbang-block\" id=\"" + context.get().blockId(block) + "\" data-alias=\""
                + Html.escape(context.get().alias(block)) + "\" data-args=\"" + Html.escape(String.join(" ", block.args())) + "\">");
        lines.add("<div class=\"content\">");
        lines.add(pass);
        lines.add("[source,java,role=jbang-source]");
        lines.add("." + block.target());
        lines.add(fence);
        lines.addAll(code.lines().toList());
        lines.add(fence);
        lines.add(pass);
        lines.add("<div class=\"jbang-command\"><pre><code>$ " + Html.escape(context.get().command(block)) + "</code></pre></div>");
        lines.addAll(outputHtml.lines().toList());
        lines.add("</div>");
        lines.add("</div>");
        lines.add(pass);
        parseContent(parent, lines);
        return null;
    }

    private static String output(RenderContext context, Block block, RunResult result) {
        StringBuilder html = new StringBuilder();
        html.append("<div class=\"jbang-output\" data-exit=\"").append(result.exit()).append("\" data-cached=\"")
                .append(result.cached()).append("\">\n");
        html.append("<div class=\"jbang-output-head\"><span class=\"jbang-output-label\">Output</span> ")
                .append("<span class=\"jbang-exit\">exit ").append(result.exit()).append("</span> ")
                .append("<span class=\"jbang-time\">").append(Build.seconds(result.millis())).append("</span></div>\n");
        html.append("<pre class=\"jbang-stdout\">").append(context.shownOutput(block, "stdout", result.stdout().stripTrailing())).append("</pre>\n");
        if (!result.stderr().isBlank()) {
            html.append("<pre class=\"jbang-stderr\">").append(context.shownOutput(block, "stderr", result.stderr().stripTrailing())).append("</pre>\n");
        }
        html.append(claims(result, context.blockId(block)));
        html.append("</div>");
        return html.toString();
    }

    /**
     * The claims the run checked, as a labelled list under its output: the sentence, what the run
     * observed, and the line of the script that checked it. The mark is decoration; the words say it.
     */
    static String claims(RunResult result, String blockId) {
        if (result.claims().isEmpty()) {
            return "";
        }
        String head = blockId + "-claims";
        StringBuilder html = new StringBuilder();
        html.append("<div class=\"jbang-claims\">\n<p class=\"jbang-claims-head\" id=\"").append(head).append("\">")
                .append(result.claims().size() == 1 ? "Claim checked by this run" : "Claims checked by this run")
                .append("</p>\n<ul aria-labelledby=\"").append(head).append("\">\n");
        for (RunResult.Claim claim : result.claims()) {
            html.append("<li class=\"jbang-claim\" data-holds=\"").append(claim.holds()).append("\">")
                    .append("<span class=\"jbang-claim-verdict\">").append(claim.holds() ? "holds" : "failed").append("</span> ")
                    .append("<span class=\"jbang-claim-text\">").append(Html.escape(claim.text())).append("</span>");
            if (!claim.observed().isEmpty()) {
                html.append(" <span class=\"jbang-claim-observed\">").append(Html.escape(claim.observed())).append("</span>");
            }
            html.append(" <code class=\"jbang-claim-where\">").append(Html.escape(claim.where())).append("</code></li>\n");
        }
        html.append("</ul>\n</div>\n");
        return html.toString();
    }

    private static int longestRun(String text, char c) {
        int longest = 0;
        for (String line : text.lines().toList()) {
            String stripped = line.strip();
            if (!stripped.isEmpty() && stripped.chars().allMatch(ch -> ch == c)) {
                longest = Math.max(longest, stripped.length());
            }
        }
        return longest;
    }
}
