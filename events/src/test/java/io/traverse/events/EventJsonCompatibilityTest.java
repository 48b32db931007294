package io.traverse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** A newer producer may add attributes and fields anywhere; an older consumer reads the rest unchanged. */
class EventJsonCompatibilityTest {

    private static ObjectNode tree(EventType type) throws Exception {
        return (ObjectNode) EventJson.mapper().readTree(EventJson.encode(SampleEvents.envelope(type)));
    }

    @Test
    void unknownEnvelopeAttributesAreIgnored() throws Exception {
        ObjectNode json = tree(EventType.VM_SIZED);
        json.put("specversion", "1.0");
        json.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        json.putObject("extensions").put("tenant", "ops");

        assertEquals(SampleEvents.envelope(EventType.VM_SIZED), EventJson.decode(json.toString()));
    }

    @Test
    void unknownPayloadFieldsAreIgnored() throws Exception {
        ObjectNode json = tree(EventType.MIGRATION_FAILED);
        ((ObjectNode) json.get("data")).put("errorCode", "NETWORK_UNMAPPED").putArray("hints").add("map it");

        assertEquals(SampleEvents.envelope(EventType.MIGRATION_FAILED), EventJson.decode(json.toString()));
    }

    @Test
    void unknownFieldsInNestedRecordsAndListElementsAreIgnored() throws Exception {
        ObjectNode json = tree(EventType.DISK_SYNCED);
        ObjectNode mapping = (ObjectNode) json.get("data").get("mapping");
        ((ObjectNode) mapping.get("request")).put("priority", 7);
        ((ObjectNode) mapping.get("vm")).putObject("tools").put("status", "toolsOk");
        ((ObjectNode) mapping.get("vm").get("disks").get(1)).put("sharing", "sharingNone");
        ((ObjectNode) mapping.get("ports").get(0)).put("qosPolicyId", "gold");
        ((ObjectNode) ((ArrayNode) json.get("data").get("disks")).get(0)).put("extents", 12);

        assertEquals(SampleEvents.envelope(EventType.DISK_SYNCED), EventJson.decode(json.toString()));
    }

    @Test
    void aNewerSchemaVersionOfAKnownTypeIsStillRead() throws Exception {
        ObjectNode json = tree(EventType.DISK_PROGRESS);
        json.put("schemaVersion", 2);
        ((ObjectNode) json.get("data")).put("stream", 3);

        EventEnvelope decoded = EventJson.decode(json.toString());

        assertEquals(2, decoded.schemaVersion());
        assertEquals(SampleEvents.payload(EventType.DISK_PROGRESS), decoded.data());
    }

    @Test
    void absentOptionalFieldsDecodeAsNull() throws Exception {
        ObjectNode json = tree(EventType.MIGRATION_REQUESTED);
        ((ObjectNode) json.get("data")).remove("waveNumber");
        ((ObjectNode) json.get("data")).remove("precopyInterval");
        ((ObjectNode) json.get("data")).remove("mappingId"); // as producers before mappingId existed sent it

        MigrationRequested decoded = (MigrationRequested) EventJson.decode(json.toString()).data();

        assertNull(decoded.waveNumber());
        assertNull(decoded.precopyInterval());
        assertNull(decoded.mappingId());
        assertEquals(SampleEvents.request().vmId(), decoded.vmId());
    }
}
