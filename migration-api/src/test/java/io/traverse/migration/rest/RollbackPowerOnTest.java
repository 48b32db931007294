package io.traverse.migration.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.traverse.events.EventEnvelope;
import io.traverse.events.InstanceActive;
import io.traverse.migration.support.FakeInventory;
import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.SampleEvents;
import io.traverse.testbed.TraverseTestbed;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.traverse.migration.support.Api.awaitState;
import static io.traverse.migration.support.Api.freshVmId;
import static io.traverse.migration.support.Api.startOne;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Rollback powers the source back on through discovery-service's {@code POST /api/source/vms/{id}/power-on} — for
 * exactly the VMs Traverse powered off — and a protected VM's 409 is reported, not retried. discovery-service is
 * the {@link FakeInventory} stand-in here (a separate application; its endpoint is tested in discovery-service).
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(FakeInventory.class)
@TestSecurity(user = "rob", roles = "operator")
class RollbackPowerOnTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private String migrated(String vmId) {
        String id = startOne(vmId, "rb-" + vmId, "COLD");
        awaitState(id, "DISCOVERING");
        SampleEvents s = new SampleEvents(UUID.fromString(id));
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            for (EventEnvelope e : List.of(s.vmDiscovered(), s.vmSized(), s.vmMapped(), s.diskSynced(1, true),
                    s.vmConverted(), EventEnvelope.of("launch-service", s.migrationId(), new InstanceActive("i",
                            "migrated-rb", "m1.tiny", null, List.of("10.0.0.9"), List.of())))) {
                kafka.send(e);
            }
        }
        awaitState(id, "MIGRATED");
        return id;
    }

    private static long requestsFor(String vmId) {
        return FakeInventory.powerOnRequests().stream().filter(vmId::equals).count();
    }

    @Test
    void rollingBackAMigratedVmPowersItsSourceOnOnceAndSaysSoInTheTimeline() {
        String vmId = freshVmId();
        String id = migrated(vmId);
        given().post("/api/migrations/" + id + "/rollback").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/migrations/" + id + "/timeline").then()
                        .body("detail", hasItem(containsString("powered on (powered on)"))));
        assertEquals(1, requestsFor(vmId), "one power-on request for the rolled-back VM");
    }

    @Test
    void aVmThatNeverCutOverIsNotPoweredOnByRollback() {
        String vmId = freshVmId();
        String id = startOne(vmId, "rb-early", "COLD");
        given().contentType(ContentType.JSON).body("{}").post("/api/migrations/" + id + "/cancel").then().statusCode(202);
        given().post("/api/migrations/" + id + "/rollback").then().statusCode(202);
        String control = freshVmId();
        String other = migrated(control);
        given().post("/api/migrations/" + other + "/rollback").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> requestsFor(control) == 1);
        assertEquals(0, requestsFor(vmId), "the source of a migration that never cut over is left alone");
    }

    @Test
    void aProtectedSourceIsRefusedByDiscoveryServiceAndTheTimelineSaysWhyWithoutRetrying() {
        String vmId = freshVmId();
        FakeInventory.protect(vmId);
        String id = migrated(vmId);
        given().post("/api/migrations/" + id + "/rollback").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/migrations/" + id + "/timeline").then()
                        .body("detail", hasItem(containsString("refused to power it on (HTTP 409"))));
        assertEquals(1, requestsFor(vmId), "a refusal is an answer: not retried");
    }
}
