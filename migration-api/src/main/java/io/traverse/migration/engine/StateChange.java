package io.traverse.migration.engine;

import io.traverse.migration.MigrationState;

import java.time.Instant;
import java.util.UUID;

/**
 * One state change of one migration, as the SSE stream sends it. {@code version} counts the migration's writes, so
 * a client can tell an old change from a new one (and drop a change it has already seen after a replay); the stream
 * delivers changes in commit order. {@code seq} is the change's number in table {@code state_change} and its SSE
 * event id: a client that reconnects with it ({@code Last-Event-ID} or {@code ?since=}) gets what it missed.
 */
public record StateChange(UUID migrationId, UUID planId, Integer wave, String vmId, String vmName,
                          MigrationState from, MigrationState to, String detail, String cause, Instant at,
                          long version, long seq) {

    /** The same change numbered {@code seq}. */
    public StateChange withSeq(long seq) {
        return new StateChange(migrationId, planId, wave, vmId, vmName, from, to, detail, cause, at, version, seq);
    }
}
