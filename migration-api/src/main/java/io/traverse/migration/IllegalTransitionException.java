package io.traverse.migration;

/** A state change {@link MigrationState} does not allow; nothing was written. */
public class IllegalTransitionException extends RuntimeException {

    private final MigrationState from;
    private final MigrationState to;

    public IllegalTransitionException(MigrationState from, MigrationState to) {
        super("a migration in state " + from + " cannot move to " + to);
        this.from = from;
        this.to = to;
    }

    public MigrationState from() {
        return from;
    }

    public MigrationState to() {
        return to;
    }
}
