package io.traverse.events;

/**
 * An event that does not satisfy the contract: bad JSON, an unknown type, a missing required attribute or field,
 * or a payload that does not match its type. The message names the field and the event type.
 *
 * <p>It is an {@link IllegalArgumentException}: building such an event in code is a programming error, and
 * receiving one is bad input.
 */
public class MalformedEventException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
