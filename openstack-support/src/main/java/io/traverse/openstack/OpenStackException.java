package io.traverse.openstack;

/**
 * An OpenStack call failed. {@link #status()} is the HTTP status (0 when there was no answer: connection refused,
 * timeout, no auth-url); the message never contains a token or a secret.
 */
public class OpenStackException extends RuntimeException {

    private final int status;

    public OpenStackException(int status, String message) {
        super(message);
        this.status = status;
    }

    public OpenStackException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** HTTP status of the answer, or 0 when OpenStack did not answer. */
    public int status() {
        return status;
    }

    /** True when trying again later may help: no answer, 408, 429 or a 5xx. */
    public boolean retryable() {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }
}
