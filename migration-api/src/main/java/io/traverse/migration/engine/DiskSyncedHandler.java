package io.traverse.migration.engine;

import io.traverse.events.DiskSynced;
import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;
import io.traverse.events.SyncedDisk;
import io.traverse.migration.MigrationState;

import java.time.Duration;
import java.time.Instant;

/**
 * A sync round finished. After the cutover round, conversion is next. After a pre-copy round the migration measures
 * the round (bytes, throughput, dirty rate), then either cuts over ({@link CutoverDecider}) or schedules the next
 * round after the plan's pre-copy interval (or the demo step delay).
 */
public final class DiskSyncedHandler implements PhaseHandler {

    @Override
    public EventType handles() {
        return EventType.DISK_SYNCED;
    }

    @Override
    public Outcome handle(MigrationRecord m, EventEnvelope event, EngineContext ctx) {
        DiskSynced synced = (DiskSynced) event.data();
        long bytes = synced.disks().stream().mapToLong(SyncedDisk::bytesCopied).sum();
        String copied = CutoverDecider.bytes(bytes) + " copied";
        if (m.state.isSettled()) {
            return Outcome.note("round " + synced.round() + " synced late: the migration is already " + m.state);
        }
        if (synced.cutover()) {
            if (synced.round() >= m.round) {
                m.round = synced.round();
                m.roundInFlight = false;
            }
            return m.advanceTo(MigrationState.CONVERTING, "converting the guest for KVM", ctx.now())
                    ? Outcome.note("final sync (round " + synced.round() + ") done, " + copied + "; source is off")
                    : Outcome.note("final sync (round " + synced.round() + ") reported again; state kept");
        }
        if (synced.round() < m.round || (synced.round() == m.round && !m.roundInFlight)) {
            return Outcome.note("pre-copy round " + synced.round() + " reported again or late; ignored");
        }
        if (synced.round() > m.round) { // the round's request or vm.mapped is still on its way to us
            m.startRound(synced.round(), false, m.roundStartedAt == null ? ctx.now() : m.roundStartedAt);
        }
        measure(m, synced, event.time());
        m.roundInFlight = false;
        m.advanceTo(MigrationState.PRECOPYING, "pre-copying disks…", ctx.now());
        if (m.state != MigrationState.PRECOPYING) {
            return Outcome.note("pre-copy round " + synced.round() + " done after the cutover began; ignored");
        }
        CutoverDecider.Decision decision = CutoverDecider.decide(m, ctx);
        m.cutoverReason = decision.reason();
        if (decision.go()) {
            var request = Requests.nextRound(m, true, ctx);
            m.moveTo(MigrationState.CUTTING_OVER, "final cutover… " + decision.reason(), ctx.now());
            return Outcome.publish("pre-copy round " + synced.round() + " done, " + copied + "; " + decision.reason(), request);
        }
        Instant next = nextRoundAt(m, ctx);
        m.schedule(NextAction.NEXT_ROUND, next);
        m.phaseDetail = "pre-copying disks… round " + synced.round() + " done, next round at " + next + "; "
                + decision.reason();
        return Outcome.note("pre-copy round " + synced.round() + " done, " + copied + "; " + decision.reason());
    }

    static Instant nextRoundAt(MigrationRecord m, EngineContext ctx) {
        Duration wait = m.settings.stepDelay().isZero() ? m.settings.precopyInterval() : m.settings.stepDelay();
        Instant next = ctx.now().plus(wait);
        Instant at = m.settings.cutoverAt();
        if (m.settings.cutoverPolicy() == CutoverPolicy.SCHEDULED && at != null && at.isBefore(next)) {
            next = at.isBefore(ctx.now()) ? ctx.now() : at;
        }
        return next;
    }

    /**
     * The round's bytes and duration, and from them the throughput the cutover round can expect. The duration is the
     * one the worker measured ({@code durationMillis}: snapshot, copy, metadata), so time the round spent queued for
     * a Job slot or starting its pod does not count as copying; without it (older producers) the time from our
     * request to the event stands in.
     */
    static void measure(MigrationRecord m, DiskSynced synced, Instant finishedAt) {
        long bytes = synced.totalBytesCopied();
        double seconds;
        if (synced.durationMillis() != null) {
            seconds = Math.max(0.001, synced.durationMillis() / 1000.0);
        } else if (m.roundStartedAt != null) {
            seconds = Math.max(0.001, Duration.between(m.roundStartedAt, finishedAt).toMillis() / 1000.0);
        } else {
            return;
        }
        m.lastRoundBytes = bytes;
        m.lastRoundSeconds = seconds;
        if (bytes > 0) {
            m.throughputBps = bytes / seconds;
        } else if (m.throughputBps == null) {
            m.throughputBps = 0.0;
        }
        if (m.round >= 2 && m.previousRoundStartedAt != null) {
            double interval = Math.max(0.001,
                    Duration.between(m.previousRoundStartedAt, m.roundStartedAt).toMillis() / 1000.0);
            m.dirtyRateBps = bytes / interval;
        }
    }
}
