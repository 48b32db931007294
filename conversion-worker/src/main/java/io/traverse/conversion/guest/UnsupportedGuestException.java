package io.traverse.conversion.guest;

/** No conversion path fits this guest; a person must decide (not retryable). */
public class UnsupportedGuestException extends RuntimeException {
    public UnsupportedGuestException(String message) {
        super(message);
    }
}
