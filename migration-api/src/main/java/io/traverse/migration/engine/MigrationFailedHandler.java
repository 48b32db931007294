package io.traverse.migration.engine;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;
import io.traverse.events.MigrationFailed;
import io.traverse.events.Phase;
import io.traverse.migration.MigrationState;

import java.time.Instant;

/**
 * A phase gave up. A retryable failure is retried automatically with exponential backoff until the plan's attempts
 * are used up (a launch failure waits for capacity meanwhile); anything else, or the last attempt, fails the
 * migration, and an operator may retry it from the phase that failed.
 */
public final class MigrationFailedHandler implements PhaseHandler {

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
        m.failure = what;
        m.failurePhase = f.phase();
        m.failureRetryable = f.retryable();
        m.roundInFlight = false;
        if (f.retryable() && m.attempts < m.settings.maxAttempts() - 1) {
            m.attempts++;
            Instant at = ctx.now().plus(ctx.backoff(m.attempts));
            m.schedule(NextAction.RETRY, at);
            String detail = "retry " + m.attempts + " of " + (m.settings.maxAttempts() - 1) + " at " + at + " after " + what;
            if (f.phase() == Phase.LAUNCH && m.state.canMoveTo(MigrationState.WAITING_CAPACITY)) {
                m.moveTo(MigrationState.WAITING_CAPACITY, "waiting for capacity; " + detail, ctx.now());
            } else {
                m.phaseDetail = detail;
            }
            return Outcome.note("retryable failure; " + detail);
        }
        m.moveTo(MigrationState.FAILED, what + (f.retryable() ? " (attempts used up)" : ""), ctx.now());
        return Outcome.note("failed: " + what);
    }
}
