package io.traverse.migration.engine;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;
import io.traverse.events.MigrationCancelled;

/** Our own cancellation coming back from Kafka: the state changed when it was sent. */
public final class MigrationCancelledHandler implements PhaseHandler {

    @Override
    public EventType handles() {
        return EventType.MIGRATION_CANCELLED;
    }

    @Override
    public Outcome handle(MigrationRecord m, EventEnvelope event, EngineContext ctx) {
        MigrationCancelled c = (MigrationCancelled) event.data();
        return Outcome.note("cancellation sent to the phases: " + c.reason());
    }
}
