package io.traverse.migration.service;

import io.traverse.events.MigrationMode;
import io.traverse.migration.MigrationState;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One VM's migration as the API shows it: where it stands and everything that happened to it, in order. */
public record Migration(UUID id, String vmId, String vmName, MigrationMode mode, MigrationState state, String failure,
                        Instant createdAt, Instant updatedAt, List<TimelineEntry> timeline) {

    /** One event of the migration: its type, which service sent it, when it happened and when we saw it. */
    public record TimelineEntry(String type, String source, Instant occurredAt, Instant recordedAt) {
    }
}
