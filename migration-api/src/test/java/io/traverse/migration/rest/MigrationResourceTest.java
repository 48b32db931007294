package io.traverse.migration.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.traverse.events.EventEnvelope;
import io.traverse.events.InstanceActive;
import io.traverse.events.MigrationFailed;
import io.traverse.events.MigrationRequested;
import io.traverse.events.Phase;
import io.traverse.events.Topics;
import io.traverse.migration.support.FakeInventory;
import io.traverse.migration.support.WithEventClient;
import io.traverse.testbed.SampleEvents;
import io.traverse.testbed.TraverseTestbed;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.traverse.migration.support.Api.awaitState;
import static io.traverse.migration.support.Api.freshVmId;
import static io.traverse.migration.support.Api.startOne;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** One VM's migration through the public API, against the real PostgreSQL and Kafka of the testbed. */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(FakeInventory.class)
@TestSecurity(user = "alice", roles = "operator")
class MigrationResourceTest extends WithEventClient {

    @Test
    void theTimelineSaysPerPortWhatWasKeptAndWhyAGuestIpWasNot() {
        String id = startOne(freshVmId(), "addressing", "COLD");
        awaitState(id, "DISCOVERING");
        SampleEvents s = new SampleEvents(UUID.fromString(id));
        io.traverse.events.VmMapped sample = s.mapped();
        io.traverse.events.PortMapping p = sample.ports().get(0);
        kafka.send(s.vmDiscovered());
        kafka.send(s.vmSized());
        kafka.send(EventEnvelope.of("network-mapper", s.migrationId(), new io.traverse.events.VmMapped(sample.request(),
                sample.vm(), sample.flavor(), "nova", List.of(new io.traverse.events.PortMapping(p.sourceMac(),
                p.networkId(), p.subnetId(), p.portId(), "10.20.0.31", true, List.of(), false,
                "guest IP 192.168.77.10 not kept: not in the target subnet(s) [frontier-subnet 10.20.0.0/24]; "
                        + "Neutron assigned 10.20.0.31")), sample.volumeTypes())));
        awaitState(id, "CUTTING_OVER");
        given().get("/api/migrations/" + id + "/timeline").then().statusCode(200)
                .body("findAll { it.type == 'vm.mapped' }.detail", contains(allOf(
                        containsString("1 port(s) created in nova: " + p.sourceMac() + " → 10.20.0.31, MAC kept"),
                        containsString("guest IP 192.168.77.10 not kept: not in the target subnet(s)"),
                        containsString("Neutron assigned 10.20.0.31"))));
    }

    @Test
    void aBadQueryOrPathParameterIsA400ProblemNotA404() {
        given().queryParam("state", "FLYING").get("/api/migrations").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:traverse:problem:validation"))
                .body("detail", containsString("state: unknown state 'FLYING'"))
                .body("detail", containsString("PRECOPYING"));
        given().queryParam("state", "precopying,CUTTING_OVER").get("/api/migrations").then().statusCode(200);
        for (String query : List.of("planId=not-a-uuid", "jobId=42", "wave=first", "page=one", "size=lots")) {
            given().get("/api/migrations?" + query).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:traverse:problem:validation"));
        }
        for (String path : List.of("/api/migrations/not-a-uuid", "/api/migrations/not-a-uuid/timeline",
                "/api/plans/not-a-uuid", "/api/mappings/not-a-uuid")) {
            given().get(path).then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("not-a-uuid"));
        }
        given().contentType(ContentType.JSON).body("{}").post("/api/migrations/not-a-uuid/cancel").then().statusCode(400);
        given().post("/api/plans/" + UUID.randomUUID() + "/preflight?wave=x").then().statusCode(400);
        given().get("/api/fleet/events?planId=nope").then().statusCode(400);
        given().get("/api/migrations/" + UUID.randomUUID()).then().statusCode(404)
                .body("type", equalTo("urn:traverse:problem:not-found"));
    }

    @Test
    void startingAMigrationAnswersAtOnceAndPublishesMigrationRequestedKeyedByItsId() {
        String vmId = freshVmId();
        String id = given().contentType(ContentType.JSON)
                .body("{\"vmId\":\"" + vmId + "\",\"vmName\":\"DC0_C0_RP0_VM0\",\"mode\":\"WARM\"}")
                .when().post("/api/migrations")
                .then().statusCode(202)
                .header("Location", containsString("/api/migrations/"))
                .body("state", equalTo("QUEUED"))
                .body("vmName", equalTo("DC0_C0_RP0_VM0"))
                .body("requestedBy", equalTo("alice"))
                .extract().path("id");

        List<EventEnvelope> published = kafka.await(Topics.MIGRATION_REQUESTED,
                e -> e.migrationId().toString().equals(id), 1, Duration.ofSeconds(30));
        assertEquals(1, published.size(), "migration.requested on Kafka");
        MigrationRequested request = assertInstanceOf(MigrationRequested.class, published.get(0).data());
        assertEquals(vmId, request.vmId());
        assertEquals("alice", request.requestedBy());
        assertNull(request.mappingId(), "a VM started on its own has no plan mapping");
        assertEquals("migration-api", published.get(0).source());

        awaitState(id, "DISCOVERING");
        given().get("/api/migrations/" + id + "/timeline").then().statusCode(200)
                .body("type", contains("migration.requested"))
                .body("[0].fromState", equalTo("QUEUED"))
                .body("[0].toState", equalTo("DISCOVERING"));
    }

    @Test
    void aVmAlreadyInAnActiveMigrationCannotBeStartedTwice() {
        String vmId = freshVmId();
        startOne(vmId, "db-01", "COLD");
        given().contentType(ContentType.JSON)
                .body("{\"vmId\":\"" + vmId + "\",\"vmName\":\"db-01\",\"mode\":\"COLD\"}")
                .when().post("/api/migrations")
                .then().statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:traverse:problem:vm-already-migrating"))
                .body("detail", containsString("db-01"));
    }

    @Test
    void theEventsOfEveryPhaseMoveAColdMigrationThroughItsStatesAndTheTimelineSaysWhy() {
        String id = startOne(freshVmId(), "DC0_C0_RP0_VM1", "COLD");
        awaitState(id, "DISCOVERING");
        SampleEvents s = new SampleEvents(UUID.fromString(id));
        kafka.send(s.vmDiscovered());
        awaitState(id, "SIZING");
        kafka.send(s.vmSized());
        awaitState(id, "MAPPING");
        kafka.send(s.vmMapped());
        awaitState(id, "CUTTING_OVER");
        kafka.send(s.diskSynced(1, true));
        awaitState(id, "CONVERTING");
        kafka.send(s.vmConverted());
        awaitState(id, "LAUNCHING");
        kafka.send(active(id));
        awaitState(id, "MIGRATED");

        given().get("/api/migrations/" + id).then()
                .body("source.vcpus", equalTo(1))
                .body("target.flavor", equalTo("m1.tiny"))
                .body("target.instanceName", equalTo("migrated-DC0_C0_RP0_VM1"))
                .body("phaseDetail", startsWith("migrated ✓"));
        given().get("/api/migrations/" + id + "/timeline").then()
                .body("toState", contains("DISCOVERING", "SIZING", "MAPPING", "CUTTING_OVER", "CONVERTING", "LAUNCHING", "MIGRATED"))
                .body("type", contains("migration.requested", "vm.discovered", "vm.sized", "vm.mapped", "disk.synced",
                        "vm.converted", "instance.active"))
                .body("occurredAt", everyItem(notNullValue()))
                .body("detail", everyItem(notNullValue()));
    }

    @Test
    void redeliveredAndOutOfOrderEventsEndInTheSameStateWithEachEventOnceInTheTimeline() {
        String id = startOne(freshVmId(), "DC0_C1_RP0_VM3", "COLD");
        awaitState(id, "DISCOVERING");
        SampleEvents s = new SampleEvents(UUID.fromString(id));
        List<EventEnvelope> events = new ArrayList<>(List.of(s.vmDiscovered(), s.vmSized(), s.vmMapped(),
                s.diskSynced(1, true), s.vmConverted(), active(id)));
        Collections.shuffle(events, new Random(7));
        for (EventEnvelope e : events) {
            kafka.send(e);
            kafka.send(e); // at-least-once delivery
        }
        // a late failure report must not undo a finished migration
        kafka.send(EventEnvelope.of("flavor-service", UUID.fromString(id), new MigrationFailed(Phase.SIZING, "late", false)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/migrations/" + id + "/timeline").then().body("$", hasSize(8)));
        given().get("/api/migrations/" + id).then()
                .body("state", equalTo("MIGRATED"))
                .body("timeline.type", containsInAnyOrder("migration.requested", "vm.discovered", "vm.sized",
                        "vm.mapped", "disk.synced", "vm.converted", "instance.active", "migration.failed"));
    }

    @Test
    void aPermanentFailureEndsTheMigrationWithItsReasonAndARetryStartsItAgainFromThatPhase() {
        String id = startOne(freshVmId(), "DC0_C0_RP0_VM8", "COLD");
        awaitState(id, "DISCOVERING");
        kafka.send(EventEnvelope.of("discovery-service", UUID.fromString(id),
                new MigrationFailed(Phase.DISCOVERY, "VM not found in vCenter", false)));
        awaitState(id, "FAILED");
        given().get("/api/migrations/" + id).then().body("failure", equalTo("DISCOVERY: VM not found in vCenter"));

        given().post("/api/migrations/" + id + "/retry").then().statusCode(202).body("state", equalTo("DISCOVERING"));
        assertEquals(2, kafka.await(Topics.MIGRATION_REQUESTED, e -> e.migrationId().toString().equals(id), 2,
                Duration.ofSeconds(30)).size(), "discovery requested again");
    }

    @Test
    void aRetryableFailureIsRetriedAutomaticallyWithBackoff() {
        String id = startOne(freshVmId(), "DC0_C0_RP0_VM5", "COLD");
        awaitState(id, "DISCOVERING");
        kafka.send(EventEnvelope.of("discovery-service", UUID.fromString(id),
                new MigrationFailed(Phase.DISCOVERY, "vCenter timed out", true)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/migrations/" + id).then()
                .body("state", equalTo("DISCOVERING"))
                .body("retry.attempts", equalTo(1))
                .body("failure", equalTo("DISCOVERY: vCenter timed out")));
        // %test backoff is 1 s: the retry publishes migration.requested again
        assertEquals(2, kafka.await(Topics.MIGRATION_REQUESTED, e -> e.migrationId().toString().equals(id), 2,
                Duration.ofSeconds(30)).size());
    }

    @Test
    void cancellingPublishesMigrationCancelledAndLaterEventsChangeNothing() {
        String id = startOne(freshVmId(), "DC0_C0_RP0_VM6", "COLD");
        awaitState(id, "DISCOVERING");
        given().contentType(ContentType.JSON).body("{\"reason\":\"window moved\"}")
                .post("/api/migrations/" + id + "/cancel").then().statusCode(202).body("state", equalTo("CANCELLED"));
        assertEquals(1, kafka.await(Topics.MIGRATION_CANCELLED, e -> e.migrationId().toString().equals(id), 1,
                Duration.ofSeconds(30)).size());
        kafka.send(new SampleEvents(UUID.fromString(id)).vmDiscovered());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/migrations/" + id + "/timeline").then().body("type", hasItem("vm.discovered")));
        given().get("/api/migrations/" + id).then().body("state", equalTo("CANCELLED"));
        given().post("/api/migrations/" + id + "/cutover").then().statusCode(409)
                .body("type", equalTo("urn:traverse:problem:invalid-state"));
    }

    @Test
    void aRecordThatIsNotAnEventIsSkippedAndTheConsumerKeepsGoing() {
        String id = startOne(freshVmId(), "DC0_C0_RP0_VM9", "COLD");
        kafka.sendRaw(Topics.MIGRATION_FAILED, id, "{not json");
        kafka.sendRaw(Topics.MIGRATION_FAILED, id, "{\"type\":\"vm.teleported\",\"id\":\"" + UUID.randomUUID() + "\"}");
        kafka.send(EventEnvelope.of("launch-service", UUID.fromString(id),
                new MigrationFailed(Phase.LAUNCH, "No valid host was found", false)));
        awaitState(id, "FAILED");
    }

    @Test
    void theListFiltersByStateAndVmNameAndPages() {
        String marker = "list-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            startOne(freshVmId(), marker + "-" + i, "COLD");
        }
        given().queryParam("vm", marker).queryParam("size", 2).get("/api/migrations").then().statusCode(200)
                .body("total", equalTo(3)).body("items", hasSize(2)).body("page", equalTo(0));
        given().queryParam("vm", marker).queryParam("size", 2).queryParam("page", 1).get("/api/migrations").then()
                .body("items", hasSize(1));
        given().queryParam("vm", marker).queryParam("state", "MIGRATED").get("/api/migrations").then()
                .body("total", equalTo(0));
        given().queryParam("state", "NOT_A_STATE").get("/api/migrations").then().statusCode(400)
                .body("type", equalTo("urn:traverse:problem:validation"));
        given().queryParam("size", 0).get("/api/migrations").then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void theFleetSummaryCountsMigrationsByState() {
        startOne(freshVmId(), "summary-vm", "COLD");
        given().get("/api/fleet/summary").then().statusCode(200)
                .body("total", greaterThanOrEqualTo(1))
                .body("byState.QUEUED", notNullValue())
                .body("migrating", notNullValue())
                .body("sourcesPoweredOff", notNullValue());
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
        given().get("/api/migrations/" + UUID.randomUUID() + "/timeline").then().statusCode(404);
        given().get("/api/migrations/not-a-uuid").then().statusCode(400); // not an id at all: the request is wrong
    }

    @Test
    void readinessChecksTheDatabaseAndKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")))
                .body("checks.name", hasItem(containsString("Kafka")));
    }

    private static EventEnvelope active(String id) {
        return EventEnvelope.of("launch-service", UUID.fromString(id), new InstanceActive(
                UUID.randomUUID().toString(), "migrated-DC0_C0_RP0_VM1", "m1.tiny", "compute-1",
                List.of("10.0.0.12"), List.of(UUID.randomUUID().toString())));
    }
}
