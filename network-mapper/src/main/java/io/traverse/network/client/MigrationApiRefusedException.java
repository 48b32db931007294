package io.traverse.network.client;

/** migration-api answered 401/403: network-mapper's token is missing, wrong or lacks the viewer role. */
public class MigrationApiRefusedException extends RuntimeException {

    public MigrationApiRefusedException(String message) {
        super(message);
    }
}
