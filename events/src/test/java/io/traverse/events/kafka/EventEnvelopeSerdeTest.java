package io.traverse.events.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventJson;
import io.traverse.events.EventType;
import io.traverse.events.MalformedEventException;
import io.traverse.events.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventEnvelopeSerdeTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void serializerAndDeserializerRoundTripEveryEventType(EventType type) {
        EventEnvelope event = SampleEvents.envelope(type);
        try (var serializer = new EventEnvelopeSerializer(); var deserializer = new EventEnvelopeDeserializer()) {
            serializer.configure(Map.of(), false);
            deserializer.configure(Map.of(), false);

            byte[] bytes = serializer.serialize(type.topic(), event);

            assertArrayEquals(EventJson.encode(event), bytes);
            assertEquals(event, deserializer.deserialize(type.topic(), bytes));
            assertEquals(event, deserializer.deserialize(type.topic(), new RecordHeaders(),
                    serializer.serialize(type.topic(), new RecordHeaders(), event)));
        }
    }

    @Test
    void nullValuesPassThroughAsTombstones() {
        assertNull(new EventEnvelopeSerializer().serialize("traverse.vm.sized", null));
        assertNull(new EventEnvelopeDeserializer().deserialize("traverse.vm.sized", null));
    }

    @Test
    void malformedRecordValueIsReportedAsMalformedEvent() {
        byte[] value = "{\"type\":\"vm.sized\"}".getBytes(StandardCharsets.UTF_8);

        assertThrows(MalformedEventException.class,
                () -> new EventEnvelopeDeserializer().deserialize("traverse.vm.sized", value));
    }

    @Test
    void kafkaClientsCanInstantiateThemFromTheirClassNamesInConfig() {
        ConfigDef definition = new ConfigDef()
                .define(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConfigDef.Type.CLASS, ConfigDef.Importance.HIGH,
                        "value serializer")
                .define(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConfigDef.Type.CLASS,
                        ConfigDef.Importance.HIGH, "value deserializer");
        AbstractConfig config = new AbstractConfig(definition, Map.of(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventEnvelopeSerializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventEnvelopeDeserializer.class.getName()));

        Serializer<?> serializer = config.getConfiguredInstance(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                Serializer.class);
        Deserializer<?> deserializer = config.getConfiguredInstance(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                Deserializer.class);

        assertEquals(EventEnvelopeSerializer.class, serializer.getClass());
        assertEquals(EventEnvelopeDeserializer.class, deserializer.getClass());
        assertEquals(EventEnvelopeSerializer.class, Utils.newInstance(EventEnvelopeSerializer.class).getClass());
    }
}
