package io.traverse.testbed;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Talks to the real broker the way another Traverse service would: publishes envelopes on their topic with the
 * migration id as key, and reads a topic from the beginning until the expected events have arrived.
 */
public final class EventTestClient implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;

    public EventTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = withKafkasClassLoader(() -> new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer()));
    }

    /**
     * Kafka clients instantiate their metrics reporters through the thread's context class loader. After a Quarkus
     * test restarts the application, that loader is a new one that does not see the classes this client was loaded
     * with (ClassCastException: JmxReporter). Pin it to Kafka's own loader while a client is built.
     */
    private static <T> T withKafkasClassLoader(java.util.function.Supplier<T> build) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaProducer.class.getClassLoader());
        try {
            return build.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Publishes and waits for the broker's acknowledgement. */
    public void send(EventEnvelope event) {
        sendRaw(event.eventType().topic(), event.migrationId() == null ? null : event.migrationId().toString(),
                EventJson.encodeToString(event));
    }

    /** Publishes any string, e.g. a malformed record, to check that consumers survive it. */
    public void sendRaw(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic, e);
        }
    }

    /**
     * Reads {@code topic} from the beginning until {@code count} events matching {@code filter} have arrived
     * or {@code timeout} passes; returns those found, in topic order.
     */
    public List<EventEnvelope> await(String topic, Predicate<EventEnvelope> filter, int count, Duration timeout) {
        List<EventEnvelope> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = withKafkasClassLoader(() -> new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer()))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(250))) {
                    EventEnvelope e = EventJson.decode(r.value());
                    if (filter.test(e)) {
                        found.add(e);
                    }
                }
            }
        }
        return found;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
