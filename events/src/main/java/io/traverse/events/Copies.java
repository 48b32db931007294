package io.traverse.events;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Immutable copies for record components: a null collection becomes an empty one, so payloads never hold null.
 * Maps are sorted by key, so their JSON is the same on every run.
 */
final class Copies {

    private Copies() {
    }

    static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    static <K, V> Map<K, V> map(Map<K, V> map) {
        if (map == null) {
            return Map.of();
        }
        map.values().forEach(Objects::requireNonNull);
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
