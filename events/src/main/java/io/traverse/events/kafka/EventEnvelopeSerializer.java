package io.traverse.events.kafka;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventJson;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka value serializer for {@link EventEnvelope}: its JSON ({@link EventJson#encode}). Usable as
 * {@code value.serializer}, e.g. {@code mp.messaging.outgoing.x.value.serializer=io.traverse.events.kafka.EventEnvelopeSerializer}.
 * The record key is {@link EventEnvelope#key()}, set by the producer with a {@code StringSerializer}.
 */
public class EventEnvelopeSerializer implements Serializer<EventEnvelope> {

    /** Needs no configuration. */
    public EventEnvelopeSerializer() {
    }

    @Override
    public byte[] serialize(String topic, EventEnvelope event) {
        return event == null ? null : EventJson.encode(event);
    }
}
