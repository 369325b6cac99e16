package builder;

import java.util.List;

/** Thrown when the build cannot publish: carries every problem found, not only the first. */
public final class BuildFailure extends Exception {
    private final List<BuildError> errors;

    public BuildFailure(List<BuildError> errors) {
        super(errors.size() + " problem(s): " + errors.get(0).format());
        this.errors = List.copyOf(errors);
    }

    public BuildFailure(BuildError error) {
        this(List.of(error));
    }

    public List<BuildError> errors() {
        return errors;
    }
}
