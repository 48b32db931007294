package io.traverse.migration.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.traverse.events.EventEnvelope;
import io.traverse.events.InventoryChange;
import io.traverse.events.InventoryChanged;
import io.traverse.events.MigrationRequested;
import io.traverse.events.PowerState;
import io.traverse.migration.db.Jdbc;
import io.traverse.events.Topics;
import io.traverse.migration.support.FakeInventory;
import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.TraverseTestbed;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.traverse.migration.support.Api.awaitState;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Plans: CRUD, the CSV import, waves from dependencies, preflight and start. Real PostgreSQL and Kafka. */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(FakeInventory.class)
@TestSecurity(user = "olivia", roles = "operator")
class PlanResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Jdbc jdbc;

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String createPlan(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/plans")
                .then().statusCode(201).extract().path("id");
    }

    private static Map<String, Object> vm(int n, Object... more) {
        var m = new java.util.HashMap<String, Object>(Map.of("vmId", "vm-" + (1000 + n), "vmName", String.format("app-%03d", n)));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    @Test
    void aPlanIsCreatedReadReplacedAndDeleted() {
        String id = createPlan(Map.of("name", unique("crud"), "mode", "WARM", "precopyInterval", "PT30M",
                "cutover", Map.of("policy", "AUTO", "downtimeTarget", "PT2M", "window", "22:00-04:00"),
                "concurrency", Map.of("total", 5, "perWave", 2),
                "vms", List.of(vm(1, "wave", 1), vm(2, "wave", 2, "flavorOverride", "m1.small-bfv"))));
        given().get("/api/plans/" + id).then().statusCode(200)
                .body("mode", equalTo("WARM"))
                .body("cutover.policy", equalTo("AUTO"))
                .body("concurrency.perWave", equalTo(2))
                .body("waves.number", contains(1, 2))
                .body("vms[1].flavorOverride", equalTo("m1.small-bfv"))
                .body("createdBy", equalTo("olivia"));
        given().contentType(ContentType.JSON).body(Map.of("name", unique("crud2"), "mode", "COLD", "vms", List.of(vm(3))))
                .put("/api/plans/" + id).then().statusCode(200).body("mode", equalTo("COLD")).body("vms", hasSize(1));
        given().get("/api/plans").then().statusCode(200).body("id", hasItem(id));
        given().delete("/api/plans/" + id).then().statusCode(204);
        given().get("/api/plans/" + id).then().statusCode(404);
    }

    @Test
    void aPlanWithBadSettingsIsRejectedNamingEachField() {
        given().contentType(ContentType.JSON).body(Map.of("name", unique("bad"), "mode", "WARM", "stepDelay", "PT2S",
                        "vms", List.of(vm(1), vm(1))))
                .post("/api/plans").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItem("stepDelay"))
                .body("errors.field", hasItem("vms[1].vmId"));
        given().contentType(ContentType.JSON).body(Map.of("mode", "WARM", "vms", List.of(Map.of("vmId", "x"))))
                .post("/api/plans").then().statusCode(400)
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("vms[0].vmId"));
    }

    @Test
    void wavesComeFromTheDependencyGraph() {
        String id = createPlan(Map.of("name", unique("deps"), "mode", "COLD", "waveStrategy", "DEPENDENCIES",
                "vms", List.of(vm(10, "dependsOn", List.of("app-011")), vm(11, "dependsOn", List.of("app-012")),
                        vm(12), vm(13, "dependsOn", List.of("vm-1012")))));
        given().get("/api/plans/" + id).then()
                .body("waves.number", contains(1, 2, 3))
                .body("waves[0].vms", contains("app-012"))
                .body("waves[1].vms", contains("app-011", "app-013"))
                .body("waves[2].vms", contains("app-010"));
    }

    @Test
    void aDependencyCycleIsRejectedWithTheCycleNamed() {
        given().contentType(ContentType.JSON).body(Map.of("name", unique("cycle"), "mode", "COLD", "waveStrategy", "DEPENDENCIES",
                        "vms", List.of(vm(20, "dependsOn", List.of("app-021")), vm(21, "dependsOn", List.of("app-022")),
                                vm(22, "dependsOn", List.of("app-020")))))
                .post("/api/plans").then().statusCode(422)
                .body("type", equalTo("urn:traverse:problem:dependency-cycle"))
                .body("detail", containsString("app-020 → app-021 → app-022 → app-020"));
    }

    @Test
    void aCsvImportAddsTheNamedVmsFromTheInventory() {
        String id = createPlan(Map.of("name", unique("csv"), "mode", "COLD"));
        given().contentType("text/csv").body("name,wave,flavor\napp-030,1,\napp-031,2,m1.tiny\n")
                .post("/api/plans/" + id + "/vms/import").then().statusCode(200)
                .body("vms.vmId", contains("vm-1030", "vm-1031"))
                .body("vms[1].flavorOverride", equalTo("m1.tiny"))
                .body("waves.number", contains(1, 2));
    }

    @Test
    void aCsvImportWithUnknownNamesAndDuplicatesReportsEachLineAndImportsNothing() {
        String id = createPlan(Map.of("name", unique("csvbad"), "mode", "COLD", "vms", List.of(vm(40))));
        given().contentType("text/csv").body("name,wave\napp-041,1\nno-such-vm,1\napp-041,1\napp-040,1\ntwin,1\napp-042,zero\n")
                .post("/api/plans/" + id + "/vms/import").then().statusCode(422)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:traverse:problem:csv-import"))
                .body("lines.line", contains(3, 4, 5, 6, 7))
                .body("lines[0].message", containsString("no VM named 'no-such-vm'"))
                .body("lines[1].message", containsString("already on line 2"))
                .body("lines[2].message", containsString("already in the plan"))
                .body("lines[3].message", containsString("2 VMs are named 'twin'"))
                .body("lines[4].column", equalTo("wave"));
        given().get("/api/plans/" + id).then().body("vms.vmId", contains("vm-1040"));
    }

    @Test
    void startingAPlanAnswers202FastWithAJobIdAndQueuesEveryVm() {
        String id = createPlan(Map.of("name", unique("start"), "mode", "COLD", "vms", List.of(vm(50), vm(51), vm(52))));
        given().post("/api/plans/" + id + "/preflight").then().statusCode(200).body("blocking", equalTo(false));
        String job = given().post("/api/plans/" + id + "/start").then().statusCode(202)
                .time(lessThan(1000L))
                .body("jobId", notNullValue())
                .body("migrations", hasSize(3))
                .body("migrations.state", everyItem(equalTo("QUEUED")))
                .extract().path("jobId");
        List<String> ids = given().queryParam("jobId", job).get("/api/migrations").then().body("total", equalTo(3))
                .extract().path("items.id");
        ids.forEach(m -> awaitState(m, "DISCOVERING"));
        given().post("/api/plans/" + id + "/start").then().statusCode(409)
                .body("type", equalTo("urn:traverse:problem:vm-already-migrating"))
                .body("detail", containsString("app-050"));
    }

    @Test
    void criticalPreflightFindingsBlockTheStartAndAreAllShown() {
        String id = createPlan(Map.of("name", unique("pre"), "mode", "WARM",
                "vms", List.of(Map.of("vmId", "vm-1900", "vmName", "legacy-off"), Map.of("vmId", "vm-1901", "vmName", "snap-nocbt"),
                        Map.of("vmId", "vm-1902", "vmName", "rdm-db"))));
        given().post("/api/plans/" + id + "/preflight").then().statusCode(200)
                .body("blocking", equalTo(true))
                .body("findings.findAll { it.severity == 'CRITICAL' }.rule", hasItem("power-state"))
                .body("findings.findAll { it.severity == 'CRITICAL' }.rule", hasItem("cbt"))
                .body("findings.findAll { it.severity == 'CRITICAL' }.rule", hasItem("disk-types"))
                .body("findings.findAll { it.severity == 'WARNING' }.rule", hasItem("snapshots"))
                .body("findings.findAll { it.severity == 'ADVISORY' }.rule", hasItem("wave-capacity"))
                .body("findings.findAll { it.severity == 'ADVISORY' }.rule", hasItem("storage-capacity"))
                .body("findings.findAll { it.severity == 'ADVISORY' }.rule", hasItem("host-size"));
        given().post("/api/plans/" + id + "/start").then().statusCode(409)
                .body("type", equalTo("urn:traverse:problem:preflight-failed"))
                .body("preflight.findings.message", hasItem(containsString("legacy-off is POWERED_OFF")));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void aPlansMigrationRequestedCarriesItsMappingSoNoPhaseReadsThePlan() {
        String mapping = given().contentType(ContentType.JSON).body(MappingResourceTest.mapping(unique("map"), "DC0_DVPG0"))
                .post("/api/mappings").then().statusCode(201).extract().path("id");
        String id = createPlan(Map.of("name", unique("mapped"), "mode", "COLD", "mappingId", mapping, "vms", List.of(vm(70))));
        String migration = given().post("/api/plans/" + id + "/start").then().statusCode(202)
                .extract().path("migrations[0].id");
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            List<EventEnvelope> sent = kafka.await(Topics.MIGRATION_REQUESTED,
                    e -> e.migrationId().toString().equals(migration), 1, Duration.ofSeconds(30));
            MigrationRequested request = assertInstanceOf(MigrationRequested.class, sent.get(0).data());
            assertEquals(UUID.fromString(mapping), request.mappingId());
            assertEquals(UUID.fromString(id), request.planId());
            assertEquals(Boolean.TRUE, request.preserveMac(), "a plan keeps MACs unless told otherwise");
            assertEquals(Boolean.FALSE, request.preserveIp(), "and lets Neutron assign addresses");
        }
    }

    @Test
    void thePlansAddressingSwitchesAreKeptAndTravelWithEachVm() {
        String id = createPlan(Map.of("name", unique("readdress"), "mode", "COLD", "preserveMac", false,
                "preserveIp", true, "vms", List.of(vm(71))));
        given().get("/api/plans/" + id).then().statusCode(200)
                .body("preserveMac", equalTo(false)).body("preserveIp", equalTo(true));
        String migration = given().post("/api/plans/" + id + "/start").then().statusCode(202)
                .extract().path("migrations[0].id");
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            MigrationRequested request = assertInstanceOf(MigrationRequested.class, kafka.await(Topics.MIGRATION_REQUESTED,
                    e -> e.migrationId().toString().equals(migration), 1, Duration.ofSeconds(30)).get(0).data());
            assertEquals(Boolean.FALSE, request.preserveMac(), "re-addressing: Neutron chooses the MAC");
            assertEquals(Boolean.TRUE, request.preserveIp(), "the guest's IP is kept where the subnet has it");
        }
        given().contentType(ContentType.JSON).body(Map.of("name", unique("bad-switch"), "mode", "COLD",
                "preserveMac", "sometimes")).post("/api/plans").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aSourceVmPoweredOffAfterPreflightIsCaughtAtTheStartThroughInventoryChanged() {
        String id = createPlan(Map.of("name", unique("power"), "mode", "WARM", "vms", List.of(vm(80))));
        given().post("/api/plans/" + id + "/preflight").then().statusCode(200).body("blocking", equalTo(false));
        assertEquals(1L, storedReports(id), "the report is kept for the start");

        FakeInventory.setPowerState("vm-1080", "POWERED_OFF");
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            kafka.send(EventEnvelope.of("discovery-service", null, new InventoryChanged("vcsim",
                    List.of(new InventoryChange("vm-1080", "app-080", InventoryChange.Kind.MODIFIED, PowerState.POWERED_OFF)))));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> storedReports(id) == 0);
        given().post("/api/plans/" + id + "/start").then().statusCode(409)
                .body("type", equalTo("urn:traverse:problem:preflight-failed"))
                .body("preflight.findings.message", hasItem(containsString("app-080 is POWERED_OFF")));
    }

    private long storedReports(String planId) {
        return jdbc.count("select count(*) from preflight_report where plan_id = ?", UUID.fromString(planId));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void anUnmappedNetworkIsCriticalBeforeAnythingMoves() {
        String mapping = given().contentType(ContentType.JSON).body(MappingResourceTest.mapping(unique("map"), "DC0_DVPG0"))
                .post("/api/mappings").then().statusCode(201).extract().path("id");
        String id = createPlan(Map.of("name", unique("net"), "mode", "COLD", "mappingId", mapping,
                "vms", List.of(Map.of("vmId", "vm-1903", "vmName", "odd-net"), vm(60))));
        given().post("/api/plans/" + id + "/preflight").then().statusCode(200)
                .body("blocking", equalTo(true))
                .body("findings.findAll { it.rule == 'mapping' }.vmName", contains("odd-net"))
                .body("findings.findAll { it.rule == 'mapping' }.message", hasItem(containsString("Port group odd-net")));
    }
}
