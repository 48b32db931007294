package io.traverse.migration.engine;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;

/**
 * What one kind of event means for a migration: one class per phase (the orchestration is an itinerary, not a
 * switch). A handler changes the record it is given (a copy) only through its methods, so every state change is
 * checked by {@link io.traverse.migration.MigrationState#check}, and says what to publish next.
 * Handlers are pure: no database, no clock of their own, so the property test can drive them with any sequence.
 */
public interface PhaseHandler {

    /** The event type this handler is for. */
    EventType handles();

    /** Applies the event; never throws for a late, repeated or out-of-order event (it records why it did nothing). */
    Outcome handle(MigrationRecord migration, EventEnvelope event, EngineContext context);
}
