package io.traverse.migration.engine;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;
import io.traverse.events.VmSized;
import io.traverse.migration.MigrationState;

/** The flavor is chosen: network mapping is next. */
public final class VmSizedHandler implements PhaseHandler {

    @Override
    public EventType handles() {
        return EventType.VM_SIZED;
    }

    @Override
    public Outcome handle(MigrationRecord m, EventEnvelope event, EngineContext ctx) {
        VmSized s = (VmSized) event.data();
        if (m.state.isSettled()) {
            return Outcome.note("late: the migration is already " + m.state);
        }
        m.flavorName = s.flavor().name();
        String flavor = s.flavor().name() + " (" + s.flavor().vcpus() + " vCPU / " + s.flavor().ramMb() + " MB)";
        return m.advanceTo(MigrationState.MAPPING, "mapping networks; flavor " + flavor, ctx.now())
                ? Outcome.note("sized: " + flavor)
                : Outcome.note("sized: " + flavor + " (arrived after a later phase; state kept)");
    }
}
