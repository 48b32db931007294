package io.traverse.conversion.job;

/** A conversion that did not succeed, with what a person needs to know and whether running it again may help. */
public class ConversionException extends Exception {

    private final boolean retryable;

    public ConversionException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public ConversionException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
