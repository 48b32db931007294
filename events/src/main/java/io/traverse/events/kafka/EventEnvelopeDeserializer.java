package io.traverse.events.kafka;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventJson;
import io.traverse.events.MalformedEventException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer for {@link EventEnvelope} ({@link EventJson#decode(byte[])}). Usable as
 * {@code value.deserializer}. A null value (tombstone) gives null; a malformed one throws
 * {@link MalformedEventException}, which the Kafka client reports as a {@code RecordDeserializationException} and
 * which SmallRye's {@code fail-on-deserialization-failure}/{@code DeserializationFailureHandler} can route to a dead
 * letter topic.
 */
public class EventEnvelopeDeserializer implements Deserializer<EventEnvelope> {

    /** Needs no configuration. */
    public EventEnvelopeDeserializer() {
    }

    @Override
    public EventEnvelope deserialize(String topic, byte[] data) {
        return data == null ? null : EventJson.decode(data);
    }
}
