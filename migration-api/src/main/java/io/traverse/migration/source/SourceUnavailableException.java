package io.traverse.migration.source;

/** discovery-service could not be asked (no answer, 5xx): trying again later may help. */
public class SourceUnavailableException extends RuntimeException {

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
