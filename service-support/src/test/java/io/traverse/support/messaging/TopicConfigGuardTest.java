package io.traverse.support.messaging;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicConfigGuardTest {

    private static List<String> problems(Map<String, String> properties) {
        Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        return new TopicConfigGuard(config).unknownTopics();
    }

    @Test
    void acceptsTopicsThatTopicsKnows() {
        assertTrue(problems(Map.of(
                "mp.messaging.incoming.vm-sized.topic", "traverse.vm.sized",
                "mp.messaging.incoming.both.topics", "traverse.vm.mapped, traverse.disk.sync.requested",
                "mp.messaging.incoming.all.pattern", "true",
                "mp.messaging.incoming.all.topic", "traverse\\..+")).isEmpty());
    }

    @Test
    void namesATypoedTopic() {
        assertEquals(List.of("mp.messaging.incoming.vm-sized.topic=traverse.vm.size"),
                problems(Map.of("mp.messaging.incoming.vm-sized.topic", "traverse.vm.size")));
    }

    @Test
    void namesAPatternThatMatchesNoTopic() {
        assertEquals(List.of("mp.messaging.incoming.all.topic=orders\\..+ (pattern matches no topic)"),
                problems(Map.of("mp.messaging.incoming.all.pattern", "true",
                        "mp.messaging.incoming.all.topic", "orders\\..+")));
    }
}
