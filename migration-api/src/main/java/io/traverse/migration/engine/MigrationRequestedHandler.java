package io.traverse.migration.engine;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;

/** Our own request coming back from Kafka: admission already moved the migration to DISCOVERING. */
public final class MigrationRequestedHandler implements PhaseHandler {

    @Override
    public EventType handles() {
        return EventType.MIGRATION_REQUESTED;
    }

    @Override
    public Outcome handle(MigrationRecord m, EventEnvelope event, EngineContext ctx) {
        return Outcome.note("discovery requested");
    }
}
