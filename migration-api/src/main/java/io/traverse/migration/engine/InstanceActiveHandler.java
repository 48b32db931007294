package io.traverse.migration.engine;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;
import io.traverse.events.InstanceActive;
import io.traverse.migration.MigrationState;

/** The instance is ACTIVE with its addresses: the VM is migrated. */
public final class InstanceActiveHandler implements PhaseHandler {

    @Override
    public EventType handles() {
        return EventType.INSTANCE_ACTIVE;
    }

    @Override
    public Outcome handle(MigrationRecord m, EventEnvelope event, EngineContext ctx) {
        InstanceActive a = (InstanceActive) event.data();
        if (m.state.isSettled()) {
            return Outcome.note("late: the migration is already " + m.state);
        }
        m.instanceName = a.instanceName();
        m.flavorName = a.flavorName();
        m.ipAddresses = String.join(",", a.ipAddresses());
        m.advanceTo(MigrationState.MIGRATED, "migrated ✓ " + a.instanceName() + " ACTIVE"
                + (a.ipAddresses().isEmpty() ? "" : " at " + String.join(", ", a.ipAddresses())), ctx.now());
        return Outcome.note("instance " + a.instanceName() + " (" + a.instanceId() + ") ACTIVE on " + a.flavorName());
    }
}
