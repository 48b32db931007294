package io.traverse.support.testing;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventJson;
import io.traverse.events.MigrationFailed;
import io.traverse.events.Phase;
import io.traverse.support.messaging.Inbox;
import io.traverse.testbed.EventTestClient;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * record that is not an event, deliver what a crash left in its outbox, and report ready only with its database and
 * Kafka up. A service test extends this,
 * is annotated {@code @QuarkusTest @WithTestResource(TraverseTestbed.class)} and names its triggers.
 */
public abstract class TriggerConsumerContract {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Inbox inbox;

    @Inject
    DataSource dataSource;

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

    /**
     * Simulates a crash between commit and send: the event is in the outbox table, committed, never sent. The relay
     * of the running service must find it and deliver it, keyed by migration id.
     */
    @Test
    void anEventCommittedToTheOutboxButNeverSentIsDeliveredAfterARestart() throws Exception {
        EventEnvelope leftOver = EventEnvelope.of(getClass().getSimpleName(), UUID.randomUUID(),
                new MigrationFailed(Phase.ORCHESTRATION, "left in the outbox by a crash", true));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into outbox_event (event_id, topic, message_key, payload) values (?, ?, ?, ?)")) {
            ps.setObject(1, leftOver.id());
            ps.setString(2, leftOver.topic());
            ps.setString(3, leftOver.key());
            ps.setString(4, EventJson.encodeToString(leftOver));
            ps.executeUpdate();
        }
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            List<EventEnvelope> delivered = kafka.await(leftOver.topic(), e -> e.id().equals(leftOver.id()), 1,
                    Duration.ofSeconds(30));
            assertEquals(List.of(leftOver), delivered);
        }
    }

    @Test
    void readinessChecksTheDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")))
                .body("checks.name", hasItem(containsString("Kafka")));
    }
}
