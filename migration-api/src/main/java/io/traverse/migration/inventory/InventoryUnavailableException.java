package io.traverse.migration.inventory;

/** discovery-service did not answer (down, timing out, or answering errors); the API says so as a 503 problem. */
public class InventoryUnavailableException extends RuntimeException {

    public InventoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
