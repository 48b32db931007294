package io.traverse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TopicsTest {

    @Test
    void topicsAreUnique() {
        assertEquals(Topics.ALL.size(), new HashSet<>(Topics.ALL).size(), Topics.ALL::toString);
    }

    @Test
    void everyTopicConstantIsListedInAllAndPrefixed() throws IllegalAccessException {
        List<String> constants = new java.util.ArrayList<>();
        for (Field field : Topics.class.getDeclaredFields()) {
            if (Modifier.isPublic(field.getModifiers()) && field.getType() == String.class) {
                constants.add((String) field.get(null));
            }
        }
        assertEquals(new HashSet<>(constants), new HashSet<>(Topics.ALL));
        Topics.ALL.forEach(topic -> assertTrue(topic.startsWith("traverse."), topic));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypesTopicIsInAllAndNamedAfterTheType(EventType type) {
        assertTrue(Topics.ALL.contains(type.topic()), type.topic());
        assertEquals("traverse." + type.type(), type.topic());
    }

    @Test
    void eachEventTypeHasItsOwnTopic() {
        assertEquals(new HashSet<>(Topics.ALL),
                Arrays.stream(EventType.values()).map(EventType::topic).collect(Collectors.toSet()));
        assertEquals(Topics.ALL.size(), EventType.values().length);
    }

    @Test
    void perMigrationTopicsHaveSixPartitionsAndInventoryOne() {
        for (EventType type : EventType.values()) {
            assertEquals(type.perMigration() ? 6 : 1, Topics.partitions(type.topic()), type.topic());
        }
    }

    @Test
    void partitionsOfAnUnknownTopicIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Topics.partitions("vm.discovered"));
        assertTrue(e.getMessage().contains("'vm.discovered'"), e.getMessage());
    }
}
