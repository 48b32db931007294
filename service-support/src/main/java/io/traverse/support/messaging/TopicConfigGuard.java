package io.traverse.support.messaging;

import io.quarkus.runtime.StartupEvent;
import io.traverse.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Topic names are spelled once, in {@link Topics}; channel config repeats them as plain strings. This
 * guard refuses to start a service whose {@code mp.messaging.*.topic} names a topic that Topics does not
 * know, so a typo fails at startup instead of silently listening to an empty topic.
 */
@ApplicationScoped
public class TopicConfigGuard {

    private static final Pattern TOPIC_KEY = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+|\"[^\"]+\")\\.(topic|topics)");

    private final Config config;

    public TopicConfigGuard(Config config) {
        this.config = config;
    }

    void check(@Observes StartupEvent ignored) {
        List<String> problems = unknownTopics();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Unknown Kafka topic(s) in configuration: " + String.join("; ", problems)
                    + ". Known topics: " + Topics.ALL);
        }
    }

    List<String> unknownTopics() {
        List<String> problems = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            var m = TOPIC_KEY.matcher(name);
            if (!m.matches()) {
                continue;
            }
            String channelPrefix = name.substring(0, name.lastIndexOf('.'));
            boolean pattern = config.getOptionalValue(channelPrefix + ".pattern", Boolean.class).orElse(false);
            String value = config.getOptionalValue(name, String.class).orElse("");
            for (String topic : value.split(",")) {
                String t = topic.trim();
                if (t.isEmpty()) {
                    continue;
                }
                boolean known = pattern
                        ? Topics.ALL.stream().anyMatch(Pattern.compile(t).asMatchPredicate())
                        : Topics.ALL.contains(t);
                if (!known) {
                    problems.add(name + "=" + t + (pattern ? " (pattern matches no topic)" : ""));
                }
            }
        }
        return problems;
    }
}
