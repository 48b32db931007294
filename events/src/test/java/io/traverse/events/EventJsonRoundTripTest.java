package io.traverse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventJsonRoundTripTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeDecodesToAnEqualEnvelopeFromBytes(EventType type) {
        EventEnvelope event = SampleEvents.envelope(type);

        EventEnvelope decoded = EventJson.decode(EventJson.encode(event));

        assertEquals(event, decoded);
        assertEquals(type, decoded.eventType());
        assertEquals(type.payloadClass(), decoded.data().getClass());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeDecodesToAnEqualEnvelopeFromAString(EventType type) {
        EventEnvelope event = SampleEvents.envelope(type);

        assertEquals(event, EventJson.decode(EventJson.encodeToString(event)));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void encodedEnvelopeHasExactlyTheEnvelopeAttributesAndNoHelperMethods(EventType type) throws Exception {
        JsonNode json = EventJson.mapper().readTree(EventJson.encode(SampleEvents.envelope(type)));

        Set<String> expected = Arrays.stream(EventEnvelope.class.getRecordComponents())
                .map(c -> c.getName())
                .collect(Collectors.toCollection(HashSet::new));
        if (!type.perMigration()) {
            expected.remove("migrationId");
        }
        Set<String> actual = new HashSet<>();
        json.fieldNames().forEachRemaining(actual::add);
        assertEquals(expected, actual);
        assertEquals(type.type(), json.get("type").asText());
    }

    @Test
    void timesAndDurationsAreIso8601AndNullFieldsAreLeftOut() {
        String json = EventJson.encodeToString(SampleEvents.envelope(EventType.MIGRATION_REQUESTED));

        assertTrue(json.contains("\"time\":\"2025-11-25T14:06:12.345678Z\""), json);
        assertTrue(json.contains("\"precopyInterval\":\"PT4H\""), json);
        assertFalse(json.contains("flavorOverride"), json);
        assertFalse(json.contains("null"), json);
    }

    @Test
    void encodingIsUtf8() {
        MigrationCancelled payload = new MigrationCancelled("Wartungsfenster verschoben – Änderung", "jörg");
        EventEnvelope event = EventEnvelope.of("migration-api", SampleEvents.MIGRATION_ID, payload);

        byte[] bytes = EventJson.encode(event);

        assertTrue(new String(bytes, StandardCharsets.UTF_8).contains("jörg"));
        assertEquals(event, EventJson.decode(bytes));
    }

    @Test
    void ofCreatesAFreshEnvelopeWithTheTypeOfItsPayloadAndTheCurrentSchemaVersion() {
        Instant before = Instant.now().minusSeconds(1);
        MigrationFailed payload = (MigrationFailed) SampleEvents.payload(EventType.MIGRATION_FAILED);

        EventEnvelope first = EventEnvelope.of("network-mapper", SampleEvents.MIGRATION_ID, payload);
        EventEnvelope second = EventEnvelope.of("network-mapper", SampleEvents.MIGRATION_ID, payload);

        assertEquals("migration.failed", first.type());
        assertEquals(EventType.MIGRATION_FAILED, first.eventType());
        assertEquals(Topics.MIGRATION_FAILED, first.topic());
        assertEquals(EventEnvelope.SCHEMA_VERSION, first.schemaVersion());
        assertEquals(SampleEvents.MIGRATION_ID.toString(), first.key());
        assertNotEquals(first.id(), second.id());
        assertTrue(first.time().isAfter(before) && !first.time().isAfter(Instant.now()));
        assertEquals(first, EventJson.decode(EventJson.encode(first)));
    }

    @Test
    void inventoryEventsNeedNoMigrationIdAndAreKeyedByTheirVcenter() {
        EventEnvelope event = EventEnvelope.of("discovery-service", null,
                SampleEvents.payload(EventType.INVENTORY_CHANGED));

        EventEnvelope decoded = EventJson.decode(EventJson.encode(event));

        assertNull(decoded.migrationId());
        assertEquals("vcenter-dc0", decoded.key());
        assertEquals(event, decoded);
    }

    @Test
    void mapperIsAConfiguredCopyThatCallersCannotBreak() throws Exception {
        EventJson.mapper().disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

        var mapper = EventJson.mapper();
        assertEquals("\"2025-11-25T14:06:12.345678Z\"", mapper.writeValueAsString(SampleEvents.TIME));
        SourceVm vm = SampleEvents.sourceVm();
        assertEquals(vm, mapper.readValue(mapper.writeValueAsString(vm), SourceVm.class));
        assertTrue(EventJson.encodeToString(SampleEvents.envelope(EventType.VM_SIZED)).contains("\"time\":\"2025-"));
    }
}
