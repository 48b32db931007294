package io.traverse.disktransfer.sync;

import io.traverse.events.DiskSynced;

import java.time.Duration;
import java.util.List;

/** How a round ended; the job turns it into {@code disk.synced} or {@code migration.failed}. */
public sealed interface SyncOutcome {

    /** Every disk matches the source at the round's snapshot. */
    record Synced(DiskSynced event, List<DiskStats> stats, Duration duration) implements SyncOutcome {
    }

    /**
     * Nothing to copy, e.g. "Volume already converted" (AC5); {@code event} reports the volumes as they are (no bytes
     * copied), so the migration still moves on (conversion-worker sees the converted marker and does nothing).
     */
    record Skipped(String reason, DiskSynced event) implements SyncOutcome {
    }

    /** The round gave up; {@code retryable} when running it again may succeed (the checkpoint is kept then). */
    record Failed(String reason, boolean retryable) implements SyncOutcome {
    }

    /**
     * What one disk cost in this round, for cutover downtime predictions and the benchmark: {@code duration} is the
     * disk's whole round (snapshot queries, copy, metadata, verification), {@code copyDuration} the copy alone.
     */
    record DiskStats(int diskKey, long bytesPlanned, long bytesRead, long bytesWritten, long bytesZero,
                     Duration duration, Duration copyDuration, boolean resumed) {
    }
}
