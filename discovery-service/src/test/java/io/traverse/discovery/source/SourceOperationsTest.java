package io.traverse.discovery.source;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.discovery.VcsimInventory;
import io.traverse.discovery.vcenter.VcenterSession;
import io.traverse.events.EventEnvelope;
import io.traverse.events.InventoryChange;
import io.traverse.events.InventoryChanged;
import io.traverse.events.PowerState;
import io.traverse.events.Topics;
import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.TraverseTestbedWithVcsim;
import io.traverse.testbed.Vcsim;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Power, CBT, snapshot and datastore-file operations on vcsim VMs, and how they show in the mirror and on Kafka. */
@QuarkusTest
@WithTestResource(TraverseTestbedWithVcsim.class)
class SourceOperationsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    VcenterSession session;

    @Test
    void powerOffAndOnShowInTheInventoryAndAsInventoryChanged() {
        VcsimInventory.refresh();
        String id = VcsimInventory.vmId("DC0_C0_RP0_VM3");

        given().queryParam("gracefulTimeoutSeconds", 0).post("/api/source/vms/" + id + "/power-off").then().statusCode(200)
                .body("action", equalTo("powered off")).body("vm.powerState", equalTo("POWERED_OFF"));
        given().post("/api/source/vms/" + id + "/power-off").then().statusCode(200)
                .body("action", startsWith("none")).body("vm.powerState", equalTo("POWERED_OFF"));
        given().get("/api/inventory/vms/" + id).then().statusCode(200).body("powerState", equalTo("POWERED_OFF"));
        given().queryParam("powerState", "POWERED_OFF").get("/api/inventory/vms").then().statusCode(200)
                .body("items.id", hasItem(id));
        awaitInventoryChange(id, PowerState.POWERED_OFF);

        given().post("/api/source/vms/" + id + "/power-on").then().statusCode(200)
                .body("action", equalTo("powered on")).body("vm.powerState", equalTo("POWERED_ON"));
        given().post("/api/source/vms/" + id + "/power-on").then().statusCode(200).body("action", startsWith("none"));
        given().get("/api/inventory/vms/" + id).then().statusCode(200).body("powerState", equalTo("POWERED_ON"));
        awaitInventoryChange(id, PowerState.POWERED_ON);
    }

    @Test
    void protectedVmIsNeverModified() {
        String id = VcsimInventory.vmId("DC0_C1_RP0_VM14"); // protected in %test
        given().post("/api/source/vms/" + id + "/power-off").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo(SourceProblems.PROTECTED_VM))
                .body("detail", containsString("DC0_C1_RP0_VM14"));
        given().contentType("application/json").body("{\"name\":\"traverse-precopy-1\"}")
                .post("/api/source/vms/" + id + "/snapshots").then().statusCode(409)
                .body("type", equalTo(SourceProblems.PROTECTED_VM)).body("detail", containsString("snapshotted"));
        given().delete("/api/source/vms/" + id + "/snapshots/snapshot-1").then().statusCode(409)
                .body("type", equalTo(SourceProblems.PROTECTED_VM));
        given().post("/api/source/vms/" + id + "/cbt").then().statusCode(409)
                .body("type", equalTo(SourceProblems.PROTECTED_VM)).body("detail", containsString("reconfigured"));
        given().post("/api/source/vms/" + id + "/power-on").then().statusCode(200)
                .body("action", startsWith("none")); // changes nothing, so it answers
        given().get("/api/inventory/vms/" + id).then().body("powerState", equalTo("POWERED_ON"))
                .body("cbtEnabled", equalTo(false)).body("snapshots", empty());
    }

    @Test
    void enablesCbtAndCreatesAndRemovesSnapshots() {
        String id = VcsimInventory.vmId("DC0_C1_RP0_VM5");
        given().post("/api/source/vms/" + id + "/cbt").then().statusCode(200).body("cbtEnabled", equalTo(true));
        given().get("/api/inventory/vms/" + id).then().body("cbtEnabled", equalTo(true));

        String snapshotId = given().contentType("application/json").body("{\"name\":\"traverse-precopy-1\"}")
                .post("/api/source/vms/" + id + "/snapshots").then().statusCode(200)
                .body("name", equalTo("traverse-precopy-1")).body("vm.snapshots", hasItem("traverse-precopy-1"))
                .extract().jsonPath().getString("snapshotId");
        given().delete("/api/source/vms/" + id + "/snapshots/" + snapshotId).then().statusCode(200)
                .body("snapshots", empty());
    }

    @Test
    void handsOutADatastoreUrlAndCookieThatDownloadTheFile() throws Exception {
        var access = given().queryParam("path", "[LocalDS_0] DC0_C0_RP0_VM0/disk1.vmdk").queryParam("datacenter", "DC0")
                .get("/api/source/datastore-files").then().statusCode(200)
                .body("url", containsString("/folder/DC0_C0_RP0_VM0/disk1.vmdk?dcPath=DC0&dsName=LocalDS_0"))
                .body("cookie", startsWith("vmware_soap_session=")).extract().jsonPath();
        try (HttpClient http = Vcsim.insecureHttpClient()) {
            HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(URI.create(access.getString("url")))
                    .header("Cookie", access.getString("cookie")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, file.statusCode(), "vcsim serves the VM's disk descriptor (0 bytes in vcsim)");
        }
        given().queryParam("path", "disk1.vmdk").queryParam("datacenter", "DC0").get("/api/source/datastore-files")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("datastore path"));
    }

    @Test
    void badInputIsProblemJson4xx() {
        given().post("/api/source/vms/vm-999999/power-on").then().statusCode(404).contentType("application/problem+json");
        given().post("/api/source/vms/nope/power-on").then().statusCode(400).contentType("application/problem+json");
        String id = VcsimInventory.vmId("DC0_C0_RP0_VM1");
        given().contentType("application/json").body("{\"name\":\"\"}").post("/api/source/vms/" + id + "/snapshots")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("name"));
        given().contentType("application/json").body("{\"name\":").post("/api/source/vms/" + id + "/snapshots")
                .then().statusCode(400).contentType("application/problem+json");
        given().queryParam("gracefulTimeoutSeconds", -5).post("/api/source/vms/" + id + "/power-off")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void logsInAgainWhenTheSessionIsGone() {
        String before = session.sessionCookie();
        session.call("end our own session (as an expiry would)", si -> {
            si.getSessionManager().logout();
            return null;
        });
        given().post("/api/inventory/refresh").then().statusCode(200).body("vms", equalTo(30));
        assertFalse(before.equals(session.sessionCookie()), "a new session");
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("vCenter connection"));
    }

    private void awaitInventoryChange(String vmId, PowerState state) {
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            List<EventEnvelope> found = kafka.await(Topics.INVENTORY_CHANGED, e -> e.data() instanceof InventoryChanged c
                    && c.changes().stream().anyMatch(ch -> ch.vmId().equals(vmId) && ch.powerState() == state
                    && ch.kind() == InventoryChange.Kind.MODIFIED), 1, Duration.ofSeconds(30));
            assertThat(found, vmId + " " + state);
        }
    }

    private static void assertThat(List<EventEnvelope> found, String what) {
        org.hamcrest.MatcherAssert.assertThat("inventory.changed for " + what, found, not(empty()));
    }
}
