package io.traverse.disktransfer.dispatch;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The admission rules of the dispatcher: concurrency in total, per source host, one round per migration. */
class SyncDispatcherLimitsTest {

    private static SyncJobs.Row row(UUID migration, int round, String host, SyncJobs.State state) {
        return new SyncJobs.Row("j-" + migration + "-" + round, migration, round, false, true, host, state, null, 0, 1);
    }

    @Test
    void shouldAdmitWithinTheTotalAndPerHostLimitsAndOneRoundPerMigration() {
        UUID a = UUID.randomUUID(), b = UUID.randomUUID(), c = UUID.randomUUID(), d = UUID.randomUUID(), e = UUID.randomUUID();
        List<SyncJobs.Row> running = List.of(row(a, 1, "h1", SyncJobs.State.RUNNING));
        List<SyncJobs.Row> queued = List.of(
                row(a, 2, "h1", SyncJobs.State.QUEUED),   // a's round 1 still runs
                row(b, 1, "h1", SyncJobs.State.QUEUED),   // h1 gets its second
                row(c, 1, "h1", SyncJobs.State.QUEUED),   // h1 is full (2 per host)
                row(d, 1, "h2", SyncJobs.State.QUEUED),
                row(e, 1, "h3", SyncJobs.State.QUEUED));  // total is full (3)
        List<SyncJobs.Row> admitted = SyncDispatcher.admit(running, queued, 3, 2);
        assertEquals(List.of(b, d), admitted.stream().map(SyncJobs.Row::migrationId).toList());
    }

    @Test
    void shouldSplitBandwidthEvenlyAndTakeTheStricterLimit() {
        assertEquals(0, SyncDispatcher.bandwidthShare(0, 0, 3, 1), "unlimited");
        assertEquals(50L << 20, SyncDispatcher.bandwidthShare(200, 0, 4, 1));
        assertEquals(25L << 20, SyncDispatcher.bandwidthShare(200, 50, 4, 2), "the host's share is stricter");
    }
}
