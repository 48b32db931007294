package io.traverse.support.testing;

import io.traverse.events.EventEnvelope;
import io.traverse.support.messaging.Inbox;
import io.traverse.testbed.EventTestClient;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every phase service must do with the events that trigger it, checked against the real broker and
 * database: consume each trigger from its topic, record it once even when Kafka delivers it twice, survive a
 * record that is not an event, and report ready only with its database and Kafka up. A service test extends this,
 * is annotated {@code @QuarkusTest @WithTestResource(TraverseTestbed.class)} and names its triggers.
 */
public abstract class TriggerConsumerContract {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Inbox inbox;

    /** One event of each type that starts work in this service, all for the same new migration. */
    protected abstract List<EventEnvelope> triggers();

    @Test
    void consumesEachTriggerOnceEvenWhenKafkaDeliversItTwice() {
        List<EventEnvelope> triggers = triggers();
        UUID migrationId = triggers.get(0).migrationId();
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            for (EventEnvelope trigger : triggers) {
                kafka.sendRaw(trigger.eventType().topic(), migrationId.toString(), "{ this is not an event");
                kafka.send(trigger);
                kafka.send(trigger);
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> triggers.stream().allMatch(t -> inbox.hasProcessed(t.id())));
        // the duplicates sit right behind the originals on the same partition; give them time to be (not) counted
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> inbox.processedCount(migrationId) == triggers.size());
        assertEquals(triggers.size(), inbox.processedCount(migrationId), "each trigger recorded exactly once");
    }

    @Test
    void readinessChecksTheDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")))
                .body("checks.name", hasItem(containsString("Kafka")));
    }
}
