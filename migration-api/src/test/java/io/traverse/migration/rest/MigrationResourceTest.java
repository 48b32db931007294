package io.traverse.migration.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.traverse.events.EventEnvelope;
import io.traverse.events.InstanceActive;
import io.traverse.events.MigrationFailed;
import io.traverse.events.MigrationRequested;
import io.traverse.events.Phase;
import io.traverse.events.Topics;
import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.TraverseTestbed;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The public migration API against the real PostgreSQL and Kafka of the testbed. */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
class MigrationResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    EventTestClient kafka;

    @BeforeEach
    void connect() {
        kafka = new EventTestClient(bootstrapServers);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void startingAMigrationAnswersAtOnceAndPublishesMigrationRequestedKeyedByItsId() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"vmId\":\"vm-42\",\"vmName\":\"DC0_C0_RP0_VM0\",\"mode\":\"WARM\"}")
                .when().post("/api/migrations")
                .then().statusCode(202)
                .header("Location", containsString("/api/migrations/"))
                .body("state", equalTo("REQUESTED"))
                .body("vmName", equalTo("DC0_C0_RP0_VM0"))
                .extract().path("id");

        List<EventEnvelope> published = kafka.await(Topics.MIGRATION_REQUESTED,
                e -> e.migrationId().toString().equals(id), 1, Duration.ofSeconds(30));
        assertEquals(1, published.size(), "migration.requested on Kafka");
        MigrationRequested request = assertInstanceOf(MigrationRequested.class, published.get(0).data());
        assertEquals("vm-42", request.vmId());
        assertEquals("migration-api", published.get(0).source());

        // the service hears its own event too: it is the first entry of the timeline
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/migrations/" + id).then().statusCode(200)
                        .body("timeline.type", contains("migration.requested")));
    }

    @Test
    void eventsOfLaterPhasesMoveTheStateForwardAndFillTheTimelineOnce() {
        String id = startMigration("vm-7", "DC0_C1_RP0_VM3");
        UUID migrationId = UUID.fromString(id);
        EventEnvelope active = EventEnvelope.of("launch-service", migrationId, new InstanceActive(
                UUID.randomUUID().toString(), "migrated-DC0_C1_RP0_VM3", "m1.tiny", "compute-1",
                List.of("10.0.0.12"), List.of(UUID.randomUUID().toString())));
        kafka.send(active);
        kafka.send(active); // at-least-once delivery: a redelivery must not show twice
        // a late failure report must not undo a finished migration
        kafka.send(EventEnvelope.of("flavor-service", migrationId, new MigrationFailed(Phase.SIZING, "late", false)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/migrations/" + id).then().statusCode(200)
                        .body("state", equalTo("MIGRATED"))
                        .body("timeline.type", containsInAnyOrder("migration.requested", "instance.active", "migration.failed")));
    }

    @Test
    void aFailureReportEndsTheMigrationWithItsReason() {
        String id = startMigration("vm-8", "DC0_C0_RP0_VM8");
        kafka.send(EventEnvelope.of("disk-transfer-worker", UUID.fromString(id),
                new MigrationFailed(Phase.DISK_SYNC, "datastore LocalDS_0 unreachable", true)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/migrations/" + id).then()
                        .body("state", equalTo("FAILED"))
                        .body("failure", equalTo("DISK_SYNC: datastore LocalDS_0 unreachable")));
    }

    @Test
    void aRecordThatIsNotAnEventIsSkippedAndTheConsumerKeepsGoing() {
        String id = startMigration("vm-9", "DC0_C0_RP0_VM9");
        kafka.sendRaw(Topics.MIGRATION_FAILED, id, "{not json");
        kafka.sendRaw(Topics.MIGRATION_FAILED, id, "{\"type\":\"vm.teleported\",\"id\":\"" + UUID.randomUUID() + "\"}");
        kafka.send(EventEnvelope.of("launch-service", UUID.fromString(id),
                new MigrationFailed(Phase.LAUNCH, "No valid host was found", false)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/migrations/" + id).then().body("state", equalTo("FAILED")));
    }

    @Test
    void invalidInputIsRejectedWithProblemDetailsNamingEachField() {
        given().contentType(ContentType.JSON)
                .body("{\"vmId\":\"DC0_C0_RP0_VM0\",\"mode\":\"LUKEWARM\"}")
                .when().post("/api/migrations")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", startsWith("urn:traverse:problem:"));

        given().contentType(ContentType.JSON)
                .body("{\"vmId\":\"DC0_C0_RP0_VM0\",\"mode\":\"COLD\"}")
                .when().post("/api/migrations")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:traverse:problem:validation"))
                .body("errors.field", hasItem("vmId"))
                .body("errors.field", hasItem("vmName"));

        given().contentType(ContentType.JSON).body("{\"vmId\":")
                .when().post("/api/migrations")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void anUnknownMigrationIsA404Problem() {
        given().get("/api/migrations/" + UUID.randomUUID())
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:traverse:problem:not-found"));
        given().get("/api/migrations/not-a-uuid").then().statusCode(404);
    }

    @Test
    void readinessChecksTheDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")))
                .body("checks.name", hasItem(containsString("Kafka")));
    }

    private String startMigration(String vmId, String vmName) {
        return given().contentType(ContentType.JSON)
                .body("{\"vmId\":\"" + vmId + "\",\"vmName\":\"" + vmName + "\",\"mode\":\"COLD\"}")
                .when().post("/api/migrations")
                .then().statusCode(202).extract().path("id");
    }
}
