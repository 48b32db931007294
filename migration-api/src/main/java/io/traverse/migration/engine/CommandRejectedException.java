package io.traverse.migration.engine;

/** An operator command that does not fit the migration's state (the API answers 409 with this message). */
public class CommandRejectedException extends RuntimeException {

    public CommandRejectedException(String message) {
        super(message);
    }
}
