package builder;

import java.util.Map;
import java.util.function.Supplier;
import org.asciidoctor.ast.PhraseNode;
import org.asciidoctor.ast.StructuralNode;
import org.asciidoctor.extension.InlineMacroProcessor;
import org.asciidoctor.extension.Name;

/**
 * {@code fig:chapter.name[]}: a value a script published in this build, quoted
 * in prose, so a sentence like "10 requests used 1 connection" is always true.
 */
@Name("fig")
public class FigureInlineMacro extends InlineMacroProcessor {
    private final Supplier<RenderContext> context;

    public FigureInlineMacro(Supplier<RenderContext> context) {
        this.context = context;
    }

    @Override
    public PhraseNode process(StructuralNode parent, String target, Map<String, Object> attributes) {
        String value = context.get().figure(target);
        return createPhraseNode(parent, "quoted", Html.escape(value), Map.of("role", "figure-value"));
    }
}
