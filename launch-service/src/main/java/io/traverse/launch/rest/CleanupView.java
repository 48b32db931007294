package io.traverse.launch.rest;

import io.traverse.launch.service.LaunchStore;

import java.time.Instant;
import java.util.UUID;

/** A cleanup as the REST API shows it: PENDING until done, then DONE (or FAILED) with what it did. */
public record CleanupView(UUID migrationId, String sourceVmId, String reason, String state, int attempts,
                          String result, Instant requestedAt, Instant updatedAt) {

    static CleanupView of(LaunchStore.CleanupRow c) {
        return new CleanupView(c.migrationId(), c.sourceVmId(), c.reason(), c.state(), c.attempts(), c.result(),
                c.requestedAt(), c.updatedAt());
    }
}
