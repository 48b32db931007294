package io.traverse.testbed;

import io.traverse.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedKafkaBrokerTest {

    @Test
    void everyTopicExistsWithItsPartitionCount() {
        EmbeddedKafkaBroker kafka = SharedTestbed.kafka();
        Map<String, Integer> actual = kafka.topicPartitions();
        assertFalse(Topics.ALL.isEmpty());
        for (String topic : Topics.ALL) {
            assertEquals(Topics.partitions(topic), actual.get(topic), "partitions of " + topic);
        }
        assertEquals(Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()), SharedTestbed.kafkaConfig());
    }

    @Test
    void producesAndConsumesARecord() throws Exception {
        EmbeddedKafkaBroker kafka = SharedTestbed.kafka();
        String topic = Topics.ALL.getFirst();
        String key = "migration-" + UUID.randomUUID();
        RecordMetadata sent;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            sent = producer.send(new ProducerRecord<>(topic, key, "{\"hello\":\"kafka\"}")).get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer())) {
            // read the partition the record went to from its offset: no group rebalance to wait for
            TopicPartition tp = new TopicPartition(topic, sent.partition());
            consumer.assign(List.of(tp));
            consumer.seek(tp, sent.offset());
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (got.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(got::add);
            }
            assertFalse(got.isEmpty(), "no record read back from " + tp);
            assertEquals(key, got.getFirst().key());
            assertEquals("{\"hello\":\"kafka\"}", got.getFirst().value());
        }
        assertTrue(sent.offset() >= 0);
    }
}
