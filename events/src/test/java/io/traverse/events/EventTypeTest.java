package io.traverse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventTypeTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void fromTypeFindsEveryTypeByItsName(EventType type) {
        assertEquals(type, EventType.fromType(type.type()));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void ofNamesTheTypeOfEveryPayload(EventType type) {
        MigrationEvent payload = SampleEvents.payload(type);

        assertEquals(type, EventType.of(payload));
        assertEquals(type, payload.eventType());
        assertEquals(type.payloadClass(), payload.getClass());
    }

    @Test
    void typeNamesAreTheEventNamesOfTheFlow() {
        assertEquals(Set.of("migration.requested", "vm.discovered", "vm.sized", "vm.mapped", "disk.sync.requested",
                        "disk.progress", "disk.synced", "vm.converted", "instance.active", "migration.failed",
                        "migration.cancelled", "inventory.changed"),
                Arrays.stream(EventType.values()).map(EventType::type).collect(Collectors.toSet()));
    }

    @Test
    void everyPermittedPayloadClassHasExactlyOneEventType() {
        Set<Class<?>> permitted = Set.of(MigrationEvent.class.getPermittedSubclasses());

        assertEquals(permitted,
                Arrays.stream(EventType.values()).map(EventType::payloadClass).collect(Collectors.toSet()));
        assertEquals(permitted.size(), EventType.values().length);
    }

    @Test
    void unknownTypeIsRejectedNamingIt() {
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> EventType.fromType("vm.vanished"));

        assertTrue(e.getMessage().contains("'vm.vanished'"), e.getMessage());
        assertTrue(e.getMessage().contains("instance.active"), e.getMessage());
        assertThrows(MalformedEventException.class, () -> EventType.fromType(null));
        assertThrows(MalformedEventException.class, () -> EventType.fromType("VM.DISCOVERED"));
    }

    @Test
    void onlyInventoryChangedIsNotAboutOneMigration() {
        assertEquals(Set.of(EventType.INVENTORY_CHANGED), Arrays.stream(EventType.values())
                .filter(t -> !t.perMigration()).collect(Collectors.toSet()));
    }
}
