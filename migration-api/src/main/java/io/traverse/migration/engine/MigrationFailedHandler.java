package io.traverse.migration.engine;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;
import io.traverse.events.MigrationFailed;
import io.traverse.events.Phase;
import io.traverse.migration.MigrationState;

import java.time.Instant;

/**
 * A phase gave up. A retryable failure is retried automatically with exponential backoff until the plan's attempts
 * are used up (a failed launch is launched again, see {@link Commands#rerun}); anything else, or the last attempt,
 * fails the migration, and an operator may retry it from the phase that failed. The one retryable failure that is
 * not retried is launch-service's capacity wait: the VM shows WAITING_CAPACITY until its launch starts.
 */
public final class MigrationFailedHandler implements PhaseHandler {

    /** How launch-service starts the reason of a retryable LAUNCH failure that only means "queued for capacity". */
    static final String CAPACITY_WAIT = "waiting for capacity:";


    @Override
    public EventType handles() {
        return EventType.MIGRATION_FAILED;
    }

    @Override
    public Outcome handle(MigrationRecord m, EventEnvelope event, EngineContext ctx) {
        MigrationFailed f = (MigrationFailed) event.data();
        String what = f.phase() + ": " + f.reason();
        if (m.state.isSettled()) {
            return Outcome.note("failure reported late, the migration is already " + m.state + ": " + what);
        }
        if (f.phase() == Phase.LAUNCH && f.retryable() && f.reason().startsWith(CAPACITY_WAIT)) {
            // launch-service keeps the launch queued and starts it when capacity frees up: wait, do not retry
            // (a retry would ask for the launch again and use up an attempt for nothing)
            if (m.state.canMoveTo(MigrationState.WAITING_CAPACITY)) {
                m.moveTo(MigrationState.WAITING_CAPACITY, f.reason(), ctx.now());
            } else {
                m.phaseDetail = f.reason();
            }
            return Outcome.note(f.reason());
        }
        m.failure = what;
        m.failurePhase = f.phase();
        m.failureRetryable = f.retryable();
        m.roundInFlight = false;
        if (f.retryable() && m.attempts < m.settings.maxAttempts() - 1) {
            m.attempts++;
            Instant at = ctx.now().plus(ctx.backoff(m.attempts));
            m.schedule(NextAction.RETRY, at);
            String detail = "retry " + m.attempts + " of " + (m.settings.maxAttempts() - 1) + " at " + at + " after " + what;
            if (f.phase() == Phase.LAUNCH && m.state == MigrationState.WAITING_CAPACITY) {
                // the wait is over (launch-service started the launch) and the launch itself failed
                m.moveTo(MigrationState.LAUNCHING, detail, ctx.now());
            } else {
                m.phaseDetail = detail;
            }
            return Outcome.note("retryable failure; " + detail);
        }
        m.moveTo(MigrationState.FAILED, what + (f.retryable() ? " (attempts used up)" : ""), ctx.now());
        return Outcome.note("failed: " + what);
    }
}
