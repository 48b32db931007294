package io.traverse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventEnvelopeTest {

    private static final UUID ID = UUID.fromString("11111111-2222-4333-8444-555555555555");

    @Test
    void typeThatDoesNotMatchTheDataIsRejectedNamingBoth() {
        MigrationEvent sized = SampleEvents.payload(EventType.VM_SIZED);

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> new EventEnvelope(ID,
                "vm.mapped", "flavor-service", SampleEvents.TIME, SampleEvents.MIGRATION_ID, 1, sized));

        assertTrue(e.getMessage().contains("'vm.mapped' does not match"), e.getMessage());
        assertTrue(e.getMessage().contains("VmSized is a 'vm.sized' payload"), e.getMessage());
    }

    @Test
    void unknownTypeIsRejected() {
        MigrationEvent sized = SampleEvents.payload(EventType.VM_SIZED);

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> new EventEnvelope(ID,
                "vm.resized", "flavor-service", SampleEvents.TIME, SampleEvents.MIGRATION_ID, 1, sized));

        assertTrue(e.getMessage().contains("unknown event type 'vm.resized'"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = "INVENTORY_CHANGED", mode = EnumSource.Mode.EXCLUDE)
    void everyPerMigrationEventNeedsAMigrationId(EventType type) {
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> EventEnvelope.of(SampleEvents.source(type), null, SampleEvents.payload(type)));

        assertTrue(e.getMessage().contains(type.type()) && e.getMessage().contains("'migrationId'"), e.getMessage());
    }

    @Test
    void missingAttributesAreRejectedByName() {
        MigrationEvent data = SampleEvents.payload(EventType.DISK_SYNC_REQUESTED);
        UUID migration = SampleEvents.MIGRATION_ID;

        assertMessage("'id'", () -> new EventEnvelope(null, "disk.sync.requested", "migration-api",
                SampleEvents.TIME, migration, 1, data));
        assertMessage("'source'", () -> new EventEnvelope(ID, "disk.sync.requested", " ", SampleEvents.TIME,
                migration, 1, data));
        assertMessage("'time'", () -> new EventEnvelope(ID, "disk.sync.requested", "migration-api", null,
                migration, 1, data));
        assertMessage("schemaVersion 0", () -> new EventEnvelope(ID, "disk.sync.requested", "migration-api",
                SampleEvents.TIME, migration, 0, data));
        assertMessage("has no data", () -> new EventEnvelope(ID, "disk.sync.requested", "migration-api",
                SampleEvents.TIME, migration, 1, null));
        assertMessage("has no type", () -> new EventEnvelope(ID, null, "migration-api", SampleEvents.TIME,
                migration, 1, data));
    }

    @Test
    void keyIsTheMigrationIdForPerMigrationEvents() {
        assertEquals(SampleEvents.MIGRATION_ID.toString(), SampleEvents.envelope(EventType.DISK_PROGRESS).key());
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable executable) {
        MalformedEventException e = assertThrows(MalformedEventException.class, executable);
        assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
    }
}
