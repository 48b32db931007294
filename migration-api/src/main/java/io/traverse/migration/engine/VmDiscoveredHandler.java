package io.traverse.migration.engine;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;
import io.traverse.events.SourceDisk;
import io.traverse.events.VmDiscovered;
import io.traverse.migration.MigrationState;

/** Discovery read the VM: sizing is next. Keeps the source specs for the dashboard ("1vCPU/32MB"). */
public final class VmDiscoveredHandler implements PhaseHandler {

    @Override
    public EventType handles() {
        return EventType.VM_DISCOVERED;
    }

    @Override
    public Outcome handle(MigrationRecord m, EventEnvelope event, EngineContext ctx) {
        VmDiscovered d = (VmDiscovered) event.data();
        if (m.state.isSettled()) {
            return Outcome.note("late: the migration is already " + m.state);
        }
        m.vcpus = d.vm().vcpus();
        m.memoryMb = d.vm().memoryMb();
        m.diskBytes = d.vm().disks().stream().mapToLong(SourceDisk::capacityBytes).sum();
        String specs = d.vm().vcpus() + " vCPU / " + d.vm().memoryMb() + " MB, " + d.vm().disks().size() + " disk(s)";
        return m.advanceTo(MigrationState.SIZING, "sizing: matching a flavor for " + specs, ctx.now())
                ? Outcome.note("discovered " + specs)
                : Outcome.note("discovered " + specs + " (arrived after a later phase; state kept)");
    }
}
