package io.traverse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a consumer refuses, and that the message tells a person which field of which event type is wrong. */
class EventJsonRejectionTest {

    private static ObjectNode tree(EventType type) throws Exception {
        return (ObjectNode) EventJson.mapper().readTree(EventJson.encode(SampleEvents.envelope(type)));
    }

    private static String rejection(String json) {
        return assertThrows(MalformedEventException.class, () -> EventJson.decode(json)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected '" + part + "' in: " + message);
        }
    }

    @Test
    void unknownTypeIsRejectedNamingTheTypeAndTheKnownOnes() throws Exception {
        ObjectNode json = tree(EventType.VM_SIZED);
        json.put("type", "vm.teleported");

        assertMentions(rejection(json.toString()), "unknown event type 'vm.teleported'", "vm.sized", "disk.synced");
    }

    @Test
    void missingTypeIsRejected() throws Exception {
        ObjectNode json = tree(EventType.VM_SIZED);
        json.remove("type");

        assertMentions(rejection(json.toString()), "missing required attribute 'type'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "source", "time", "schemaVersion", "data", "migrationId"})
    void missingRequiredAttributeIsRejectedNamingItAndTheType(String attribute) throws Exception {
        ObjectNode json = tree(EventType.DISK_SYNCED);
        json.remove(attribute);

        assertMentions(rejection(json.toString()), "disk.synced", "'" + attribute + "'");
    }

    @Test
    void nullRequiredAttributeIsRejectedLikeAMissingOne() throws Exception {
        ObjectNode json = tree(EventType.VM_MAPPED);
        json.putNull("time");

        assertMentions(rejection(json.toString()), "vm.mapped", "missing required attribute 'time'");
    }

    @Test
    void missingRequiredPayloadFieldIsRejectedWithItsPath() throws Exception {
        ObjectNode json = tree(EventType.VM_DISCOVERED);
        ((ObjectNode) json.get("data").get("vm").get("disks").get(1)).remove("fileName");

        assertMentions(rejection(json.toString()), "vm.discovered", "'data.vm.disks[1].fileName'");
    }

    @Test
    void missingPrimitivePayloadFieldIsRejectedRatherThanReadAsZero() throws Exception {
        ObjectNode json = tree(EventType.DISK_PROGRESS);
        ((ObjectNode) json.get("data")).remove("bytesTotal");

        assertMentions(rejection(json.toString()), "disk.progress", "'data.bytesTotal'");
    }

    @Test
    void missingFieldDeepInACarriedForwardRecordIsRejectedWithItsPath() throws Exception {
        ObjectNode json = tree(EventType.VM_CONVERTED);
        ((ObjectNode) json.get("data").get("mapping").get("ports").get(0)).putNull("portId");

        assertMentions(rejection(json.toString()), "vm.converted", "'data.mapping.ports[0].portId'");
    }

    @Test
    void wrongJsonTypeIsRejectedNamingTheField() throws Exception {
        ObjectNode json = tree(EventType.VM_SIZED);
        ((ObjectNode) json.get("data").get("flavor")).put("vcpus", "two");

        assertMentions(rejection(json.toString()), "vm.sized", "'data.flavor.vcpus'");
    }

    @Test
    void unknownEnumValueIsRejectedNamingTheField() throws Exception {
        ObjectNode json = tree(EventType.MIGRATION_FAILED);
        ((ObjectNode) json.get("data")).put("phase", "TELEPORT");

        assertMentions(rejection(json.toString()), "migration.failed", "'data.phase'", "TELEPORT");
    }

    @Test
    void badAttributeValueIsRejectedNamingTheAttribute() throws Exception {
        ObjectNode json = tree(EventType.INSTANCE_ACTIVE);
        json.put("migrationId", "not-a-uuid");

        assertMentions(rejection(json.toString()), "instance.active", "'migrationId'");
    }

    @Test
    void recordWhereAListElementShouldBeIsRejected() throws Exception {
        ObjectNode json = tree(EventType.INVENTORY_CHANGED);
        ((ArrayNode) json.get("data").get("changes")).add("vm-9");

        assertMentions(rejection(json.toString()), "inventory.changed", "'data.changes[2]'", "JSON object");
    }

    @Test
    void nullListElementIsRejectedWithItsPath() throws Exception {
        ObjectNode json = tree(EventType.INSTANCE_ACTIVE);
        ((ArrayNode) json.get("data").get("ipAddresses")).addNull();

        assertMentions(rejection(json.toString()), "instance.active", "'data.ipAddresses[1]' is null");
    }

    @Test
    void nullMapValueIsRejectedWithItsKey() throws Exception {
        ObjectNode json = tree(EventType.VM_MAPPED);
        ((ObjectNode) json.get("data").get("volumeTypes")).putNull("2001");

        assertMentions(rejection(json.toString()), "vm.mapped", "'data.volumeTypes[\"2001\"]' is null");
    }

    @Test
    void dataThatIsNotAnObjectIsRejected() throws Exception {
        ObjectNode json = tree(EventType.MIGRATION_CANCELLED);
        json.put("data", "cancel it");

        assertMentions(rejection(json.toString()), "migration.cancelled", "'data'", "JSON object");
    }

    @Test
    void badJsonIsRejectedAsNotJson() {
        assertMentions(rejection("{\"id\": "), "not valid JSON");
        assertMentions(rejection("{} trailing"), "not valid JSON");
        byte[] garbage = "\u0000\u0001binary".getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(MalformedEventException.class, () -> EventJson.decode(garbage));
    }

    @Test
    void jsonThatIsNotAnObjectIsRejected() {
        assertMentions(rejection("[1, 2]"), "must be a JSON object", "array");
        assertMentions(rejection(""), "must be a JSON object", "nothing");
    }

    @Test
    void nullInputIsRejected() {
        assertThrows(MalformedEventException.class, () -> EventJson.decode((String) null));
        assertThrows(MalformedEventException.class, () -> EventJson.decode((byte[]) null));
    }

    @Test
    void encodingRefusesAPayloadWithoutARequiredField() {
        MigrationFailed payload = new MigrationFailed(null, "boom", true);
        EventEnvelope event = EventEnvelope.of("launch-service", SampleEvents.MIGRATION_ID, payload);

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> EventJson.encode(event));

        assertMentions(e.getMessage(), "cannot encode", "migration.failed", "'data.phase'");
    }

    @Test
    void encodingRefusesANestedRecordWithoutARequiredField() {
        InventoryChanged payload = new InventoryChanged("vcenter-dc0",
                List.of(new InventoryChange("vm-1", null, InventoryChange.Kind.ADDED, PowerState.POWERED_ON)));
        EventEnvelope event = EventEnvelope.of("discovery-service", null, payload);

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> EventJson.encodeToString(event));

        assertMentions(e.getMessage(), "inventory.changed", "'data.changes[0].vmName'");
    }

    @Test
    void malformedEventIsAnIllegalArgument() {
        assertEquals(IllegalArgumentException.class, MalformedEventException.class.getSuperclass());
    }
}
