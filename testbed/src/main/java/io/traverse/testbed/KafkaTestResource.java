package io.traverse.testbed;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * {@code @WithTestResource(KafkaTestResource.class)}: the test JVM's Kafka broker, with every {@code Topics.ALL} topic
 * created with its partitions. Returns {@code kafka.bootstrap.servers}. The broker outlives {@link #stop()}.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return SharedTestbed.kafkaConfig();
    }

    @Override
    public void stop() {
        // shared for the whole JVM; SharedTestbed stops it at exit
    }
}
