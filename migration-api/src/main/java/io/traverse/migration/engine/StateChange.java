package io.traverse.migration.engine;

import io.traverse.migration.MigrationState;

import java.time.Instant;
import java.util.UUID;

/**
 * One state change of one migration, as the SSE stream sends it. {@code version} counts the migration's writes, so
 * a client can tell an old change from a new one; the stream delivers changes in commit order.
 */
public record StateChange(UUID migrationId, UUID planId, Integer wave, String vmId, String vmName,
                          MigrationState from, MigrationState to, String detail, String cause, Instant at,
                          long version) {
}
