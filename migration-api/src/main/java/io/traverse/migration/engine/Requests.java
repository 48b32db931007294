package io.traverse.migration.engine;

import io.traverse.events.DiskSyncRequested;
import io.traverse.events.MigrationRequested;

/** The events migration-api itself sends to move a migration on, built from the record. */
final class Requests {

    private Requests() {
    }

    static MigrationRequested migrationRequested(MigrationRecord m) {
        MigrationRecord.Settings s = m.settings;
        return new MigrationRequested(m.planId, m.wave, m.vmId, m.vmName, s.mode(),
                s.mode() == io.traverse.events.MigrationMode.WARM ? s.precopyInterval() : null,
                s.flavorOverride(), s.dropNics(), s.requestedBy(), s.mappingId(), s.preserveMac(), s.preserveIp());
    }

    /** Starts round {@code round+1} on the record and returns its request (CBT delta). */
    static DiskSyncRequested nextRound(MigrationRecord m, boolean cutover, EngineContext ctx) {
        m.startRound(m.round + 1, cutover, ctx.now());
        m.clearSchedule();
        return new DiskSyncRequested(m.round, cutover, true);
    }
}
