package io.traverse.disktransfer.sync;

import io.traverse.events.DiskSynced;

import java.time.Duration;
import java.util.List;

/** How a round ended; the job turns it into {@code disk.synced} or {@code migration.failed}. */
public sealed interface SyncOutcome {

    /** Every disk matches the source at the round's snapshot. */
    record Synced(DiskSynced event, List<DiskStats> stats, Duration duration) implements SyncOutcome {
    }

    /** Nothing to do, e.g. "Volume already converted" (AC5). */
    record Skipped(String reason) implements SyncOutcome {
    }

    /** The round gave up; {@code retryable} when running it again may succeed (the checkpoint is kept then). */
    record Failed(String reason, boolean retryable) implements SyncOutcome {
    }

    /** What one disk cost in this round: for cutover downtime predictions and the benchmark. */
    record DiskStats(int diskKey, long bytesPlanned, long bytesRead, long bytesWritten, long bytesZero,
                     Duration duration, boolean resumed) {
    }
}
