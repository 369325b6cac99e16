package scaffold;

/** A request the scaffold will not carry out: why, and what to do instead. Nothing was written. */
public final class Refused extends Exception {
    private final String fix;

    public Refused(String why, String fix) {
        super(why);
        this.fix = fix;
    }

    public String fix() {
        return fix;
    }

    /** "new chapter: why\n    fix: ...", the way the builder prints its problems. */
    public String format(String command) {
        return command + ": " + getMessage() + (fix == null || fix.isBlank() ? "" : "\n    fix: " + fix);
    }
}
