package io.traverse.migration.engine;

import io.traverse.events.MigrationEvent;

import java.util.List;

/**
 * What handling an event or a command did besides changing the record: a line for the timeline and the events to
 * publish (through the outbox, in the same transaction).
 */
public record Outcome(String detail, List<MigrationEvent> publish) {

    public Outcome {
        publish = publish == null ? List.of() : List.copyOf(publish);
    }

    public static Outcome note(String detail) {
        return new Outcome(detail, List.of());
    }

    public static Outcome publish(String detail, MigrationEvent... events) {
        return new Outcome(detail, List.of(events));
    }
}
