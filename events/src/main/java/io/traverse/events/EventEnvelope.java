package io.traverse.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * What travels on a topic: CloudEvents-shaped attributes around a typed payload. The JSON has exactly these
 * property names ({@link EventJson}).
 *
 * @param id            unique event id (CloudEvents {@code id}); consumers dedupe on it
 * @param type          event type (CloudEvents {@code type}), e.g. {@code vm.discovered}; must match {@code data}
 * @param source        the sending service (CloudEvents {@code source}), e.g. {@code discovery-service}
 * @param time          when the event was created (CloudEvents {@code time})
 * @param migrationId   the migration the event is about, also the Kafka key; null only for {@code inventory.changed}
 * @param schemaVersion version of the payload schema the producer wrote, {@link #SCHEMA_VERSION}; fields are only
 *                      ever added within a version, so consumers read newer versions of the same type too
 * @param data          the payload
 */
public record EventEnvelope(
        @NotNull UUID id,
        @NotBlank String type,
        @NotBlank String source,
        @NotNull Instant time,
        UUID migrationId,
        @Positive int schemaVersion,
        @NotNull @Valid MigrationEvent data) {

    /** The schema version this code writes. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * Checks the attributes and that {@code type} names the type of {@code data}.
     *
     * @throws MalformedEventException naming the attribute that is wrong
     */
    public EventEnvelope {
        if (data == null) {
            throw new MalformedEventException("event " + (type == null ? "" : type + " ") + "has no data");
        }
        EventType expected = EventType.of(data);
        if (type == null) {
            throw new MalformedEventException(expected.type() + " event has no type attribute");
        }
        EventType named = EventType.fromType(type);
        if (named != expected) {
            throw new MalformedEventException("event type '" + type + "' does not match its data: "
                    + data.getClass().getSimpleName() + " is a '" + expected.type() + "' payload, '" + type
                    + "' needs " + named.payloadClass().getSimpleName());
        }
        require(id != null, type, "id");
        require(source != null && !source.isBlank(), type, "source");
        require(time != null, type, "time");
        require(migrationId != null || !expected.perMigration(), type, "migrationId");
        if (schemaVersion < 1) {
            throw new MalformedEventException(type + " event has schemaVersion " + schemaVersion + "; it must be >= 1");
        }
    }

    /**
     * A new event: random id, the current time (to the microsecond, as PostgreSQL keeps it), type from the payload,
     * the current schema version.
     *
     * @param migrationId null only for {@link InventoryChanged}
     */
    public static EventEnvelope of(String source, UUID migrationId, MigrationEvent data) {
        if (data == null) {
            throw new MalformedEventException("event from " + source + " has no data");
        }
        return new EventEnvelope(UUID.randomUUID(), EventType.of(data).type(), source,
                Instant.now().truncatedTo(ChronoUnit.MICROS), migrationId, SCHEMA_VERSION, data);
    }

    /** The type of this event. */
    public EventType eventType() {
        return EventType.of(data);
    }

    /** The topic this event goes to. */
    public String topic() {
        return eventType().topic();
    }

    /** The Kafka record key: the migration id, or for {@code inventory.changed} the vCenter. */
    public String key() {
        return data instanceof InventoryChanged inventory ? inventory.vcenter() : migrationId.toString();
    }

    private static void require(boolean present, String type, String attribute) {
        if (!present) {
            throw new MalformedEventException(type + " event is missing required attribute '" + attribute + "'");
        }
    }
}
