package io.traverse.events;

/**
 * The payload of an event ({@link EventEnvelope#data()}). Sealed, so a {@code switch} over it is checked for
 * exhaustiveness and a new event cannot be added without an {@link EventType}, a topic and a documented schema.
 */
public sealed interface MigrationEvent
        permits MigrationRequested, VmDiscovered, VmSized, VmMapped, DiskSyncRequested, DiskProgress, DiskSynced,
                VmConverted, InstanceActive, MigrationFailed, MigrationCancelled, InventoryChanged {

    /** The event type of this payload; never serialised (not a bean getter). */
    default EventType eventType() {
        return EventType.of(this);
    }
}
