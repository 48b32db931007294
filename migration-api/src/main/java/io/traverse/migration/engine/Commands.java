package io.traverse.migration.engine;

import io.traverse.events.MigrationCancelled;
import io.traverse.events.MigrationEvent;
import io.traverse.events.MigrationMode;
import io.traverse.events.Phase;
import io.traverse.migration.MigrationState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What operators and the orchestrator's own clock do to a migration: admission, due actions (next pre-copy round,
 * automatic retry, delayed request), cutover, cancel, skip, retry, rollback. Pure like the phase handlers: they
 * change the record through its methods and return what to publish; a command that does not fit the state throws
 * {@link CommandRejectedException}.
 */
public final class Commands {

    private Commands() {
    }

    /** QUEUED → DISCOVERING: the migration got a slot; discovery is requested now or after the demo step delay. */
    public static Outcome admit(MigrationRecord m, EngineContext ctx) {
        if (m.state != MigrationState.QUEUED) {
            throw new CommandRejectedException("only a queued migration can be admitted; this one is " + m.state);
        }
        m.admittedAt = ctx.now();
        if (!m.settings.stepDelay().isZero()) {
            Instant at = ctx.now().plus(m.settings.stepDelay());
            m.moveTo(MigrationState.DISCOVERING, "admitted; discovery starts at " + at + " (demo step delay)", ctx.now());
            m.schedule(NextAction.REQUEST, at);
            return Outcome.note("admitted; discovery held back by the step delay until " + at);
        }
        m.moveTo(MigrationState.DISCOVERING, "discovering the VM in vCenter", ctx.now());
        return Outcome.publish("admitted", Requests.migrationRequested(m));
    }

    /** Runs the action that is due ({@link MigrationRecord#nextActionAt()} has passed). */
    public static Outcome runDueAction(MigrationRecord m, EngineContext ctx) {
        NextAction action = m.nextAction;
        if (action == null || m.nextActionAt == null || m.nextActionAt.isAfter(ctx.now()) || m.state.isSettled()) {
            return Outcome.note("nothing due");
        }
        m.clearSchedule();
        return switch (action) {
            case REQUEST -> {
                m.phaseDetail = "discovering the VM in vCenter";
                yield Outcome.publish("discovery requested", Requests.migrationRequested(m));
            }
            case NEXT_ROUND -> nextRound(m, ctx);
            case RETRY -> rerun(m, ctx, false);
        };
    }

    private static Outcome nextRound(MigrationRecord m, EngineContext ctx) {
        if (m.state != MigrationState.PRECOPYING || m.roundInFlight) {
            return Outcome.note("next round not needed in state " + m.state);
        }
        CutoverDecider.Decision decision = CutoverDecider.decide(m, ctx);
        m.cutoverReason = decision.reason();
        if (decision.go()) {
            var request = Requests.nextRound(m, true, ctx);
            m.moveTo(MigrationState.CUTTING_OVER, "final cutover… " + decision.reason(), ctx.now());
            return Outcome.publish(decision.reason(), request);
        }
        var request = Requests.nextRound(m, false, ctx);
        m.phaseDetail = "pre-copying disks… round " + m.round + " (delta); " + decision.reason();
        return Outcome.publish("pre-copy round " + m.round + " requested", request);
    }

    /**
     * Cutover now: a warm migration in pre-copy requests its final round at once, or right after the round in
     * flight; earlier in the pipeline it cuts over right after the first round.
     */
    public static Outcome cutover(MigrationRecord m, String by, EngineContext ctx) {
        if (m.settings.mode() == MigrationMode.COLD) {
            throw new CommandRejectedException("a cold migration has no separate cutover: its one copy is the cutover");
        }
        switch (m.state) {
            case QUEUED, DISCOVERING, SIZING, MAPPING -> {
                m.cutoverRequested = true;
                return Outcome.note("cutover requested by " + by + "; it follows the first pre-copy round");
            }
            case PRECOPYING -> {
                m.cutoverRequested = true;
                if (m.roundInFlight) {
                    m.phaseDetail = "pre-copying disks… cutover requested by " + by + ", after round " + m.round;
                    return Outcome.note("cutover requested by " + by + "; it follows round " + m.round);
                }
                var request = Requests.nextRound(m, true, ctx);
                m.cutoverReason = "cutover requested by " + by;
                m.moveTo(MigrationState.CUTTING_OVER, "final cutover… requested by " + by, ctx.now());
                return Outcome.publish("cutover requested by " + by, request);
            }
            default -> throw new CommandRejectedException("cannot cut over a migration that is " + m.state);
        }
    }

    /** Stops a migration that is still active; the phases clean up what they created. */
    public static Outcome cancel(MigrationRecord m, String reason, String by, EngineContext ctx) {
        if (!m.state.isActive()) {
            throw new CommandRejectedException("cannot cancel a migration that is " + m.state
                    + (m.state == MigrationState.FAILED ? "; roll it back instead" : ""));
        }
        String why = reason == null || reason.isBlank() ? "cancelled by " + by : reason;
        m.moveTo(MigrationState.CANCELLED, why, ctx.now());
        return Outcome.publish("cancelled by " + by + ": " + why, new MigrationCancelled(why, by));
    }

    /** Skip-and-continue for one VM: a queued VM is left out and its wave carries on without it. */
    public static Outcome skip(MigrationRecord m, String by, EngineContext ctx) {
        if (m.state != MigrationState.QUEUED && m.state != MigrationState.FAILED) {
            throw new CommandRejectedException("only a queued or failed migration can be skipped; this one is " + m.state);
        }
        if (m.state == MigrationState.FAILED) {
            m.moveTo(MigrationState.ROLLED_BACK, "skipped by " + by + " after failing; target resources cleaned up", ctx.now());
            return Outcome.publish("skipped by " + by, new MigrationCancelled("skipped after failure", by));
        }
        m.moveTo(MigrationState.CANCELLED, "skipped by " + by, ctx.now());
        return Outcome.publish("skipped by " + by, new MigrationCancelled("skipped", by));
    }

    /** An operator's retry of a failed migration, from the phase that failed. */
    public static Outcome retry(MigrationRecord m, String by, EngineContext ctx) {
        if (m.state != MigrationState.FAILED) {
            throw new CommandRejectedException("only a failed migration can be retried; this one is " + m.state);
        }
        m.attempts = 0;
        Outcome o = rerun(m, ctx, true);
        return new Outcome("retried by " + by + ": " + o.detail(), o.publish());
    }

    /**
     * Rolls back a failed, cancelled or migrated VM: tells the phases to delete what Traverse created on the target
     * (migration.cancelled with reason rollback); {@code SourcePowerOn} then powers the source back on if Traverse had
     * powered it off.
     */
    public static Outcome rollback(MigrationRecord m, String by, EngineContext ctx) {
        if (m.state != MigrationState.FAILED && m.state != MigrationState.CANCELLED && m.state != MigrationState.MIGRATED) {
            throw new CommandRejectedException("only a failed, cancelled or migrated VM can be rolled back; this one is "
                    + m.state + (m.state.isActive() ? "; cancel it first" : ""));
        }
        m.moveTo(MigrationState.ROLLED_BACK, "rolled back by " + by + ": target resources removed; the source is powered "
                + "on again if Traverse powered it off", ctx.now());
        return Outcome.publish("rolled back by " + by, new MigrationCancelled("rollback", by));
    }

    /**
     * Runs the failed phase again. Discovery, sizing, mapping and a failed first round start over from
     * {@code migration.requested}; a later pre-copy or the cutover round is requested again; a failed conversion
     * requests the final sync again (the worker finds the volumes synced and conversion converts or passes them on).
     * A failed launch is launched again: the disks are synced and converted, so the VM's {@code vm.converted} goes to
     * launch-service once more (it reuses or replaces the server of the failed attempt, never makes a second one).
     * Only a migration that never recorded a {@code vm.converted} falls back to the final sync.
     */
    static Outcome rerun(MigrationRecord m, EngineContext ctx, boolean fromFailed) {
        Phase phase = m.failurePhase == null ? Phase.ORCHESTRATION : m.failurePhase;
        List<MigrationEvent> publish = new ArrayList<>();
        MigrationState target;
        String what;
        boolean restart = switch (phase) {
            case DISCOVERY, SIZING, MAPPING, ORCHESTRATION -> true;
            case DISK_SYNC -> m.round <= 1 && !m.roundIsCutover;
            case CONVERSION, LAUNCH -> false;
        };
        if (phase == Phase.LAUNCH && m.launchRequest != null) {
            target = MigrationState.LAUNCHING;
            what = "launch requested again (disks already synced and converted)";
            publish.add(m.launchRequest);
        } else if (restart) {
            m.round = 0;
            m.roundInFlight = false;
            m.roundIsCutover = false;
            target = MigrationState.DISCOVERING;
            what = "starting again from discovery";
            publish.add(Requests.migrationRequested(m));
        } else {
            boolean cutover = phase != Phase.DISK_SYNC || m.roundIsCutover || m.settings.mode() == MigrationMode.COLD;
            target = cutover ? MigrationState.CUTTING_OVER : MigrationState.PRECOPYING;
            publish.add(Requests.nextRound(m, cutover, ctx));
            what = "round " + m.round + (cutover ? " (final sync) requested again" : " (pre-copy) requested again");
        }
        m.clearSchedule();
        String detail = (fromFailed ? "retrying " : "automatic retry " + m.attempts + ": ") + phase + ", " + what;
        if (fromFailed || (m.state != target && m.state.canMoveTo(target))) {
            m.moveTo(target, detail, ctx.now());
        } else {
            m.phaseDetail = detail;
        }
        return new Outcome(detail, publish);
    }
}
