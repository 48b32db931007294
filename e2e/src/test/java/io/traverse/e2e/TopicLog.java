package io.traverse.e2e;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventJson;
import io.traverse.events.EventType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything on some of the stack's topics, read once from the beginning to the end they had when read: what another
 * system following Traverse on Kafka sees. One read serves the checks of every migration of a fleet.
 */
final class TopicLog {

    private final Map<EventType, Map<UUID, List<EventEnvelope>>> byType = new HashMap<>();

    private TopicLog() {
    }

    static TopicLog read(String bootstrapServers, Collection<EventType> types) {
        TopicLog log = new TopicLog();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (EventType t : types) {
                consumer.partitionsFor(t.topic(), Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + types + " to their end in 2 min");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    EventEnvelope e = EventJson.decode(r.value());
                    if (e != null && e.migrationId() != null) {
                        log.byType.computeIfAbsent(e.eventType(), k -> new HashMap<>())
                                .computeIfAbsent(e.migrationId(), k -> new ArrayList<>()).add(e);
                    }
                }
            }
        }
        return log;
    }

    /** The events of one type for one migration, in topic order (the migration id is the key: one partition). */
    List<EventEnvelope> of(EventType type, UUID migrationId) {
        return byType.getOrDefault(type, Map.of()).getOrDefault(migrationId, List.of());
    }
}
