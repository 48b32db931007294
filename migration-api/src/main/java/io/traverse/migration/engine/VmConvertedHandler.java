package io.traverse.migration.engine;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;
import io.traverse.events.VmConverted;
import io.traverse.migration.MigrationState;

/**
 * The guest is converted: launch-service boots it next. The payload is kept: a retry of a failed launch sends it
 * again. migration-api's own copy (that retry) comes back here too and only notes it.
 */
public final class VmConvertedHandler implements PhaseHandler {

    @Override
    public EventType handles() {
        return EventType.VM_CONVERTED;
    }

    @Override
    public Outcome handle(MigrationRecord m, EventEnvelope event, EngineContext ctx) {
        VmConverted c = (VmConverted) event.data();
        if (MigrationEngine.SOURCE.equals(event.source())) {
            return Outcome.note("launch requested again: the volumes are converted");
        }
        // kept even when late: a launch failure may have been counted first, and a retry then launches from it
        m.launchRequest = c;
        if (m.state.isSettled()) {
            return Outcome.note("late: the migration is already " + m.state);
        }
        String how = "converted (" + c.path() + "): " + c.reason();
        return m.advanceTo(MigrationState.LAUNCHING, "launching on OpenStack…", ctx.now())
                ? Outcome.note(how)
                : Outcome.note(how + " (arrived after a later phase; state kept)");
    }
}
