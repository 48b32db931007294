package io.traverse.migration.source;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.traverse.events.EventEnvelope;
import io.traverse.events.InstanceActive;
import io.traverse.migration.inventory.InventoryClient;
import io.traverse.migration.inventory.InventoryVm;
import io.traverse.migration.support.RealDiscoveryService;
import io.traverse.migration.support.WithEventClient;
import io.traverse.testbed.SampleEvents;
import io.traverse.testbed.TraverseTestbed;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.traverse.migration.support.Api.awaitState;
import static io.traverse.migration.support.Api.startOne;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * migration-api against the real discovery-service (its runner jar, {@link RealDiscoveryService}) reading vcsim: the
 * inventory comes from the service's detailed list, and rollback's source power-on goes through its real
 * {@code POST /api/source/vms/{id}/power-on} and powers the VM on in vcsim — so a change of either API's shape fails
 * here, not only in production.
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(RealDiscoveryService.class)
@TestSecurity(user = "rob", roles = "operator")
class RealDiscoveryServiceTest extends WithEventClient {

    @Inject
    InventoryClient inventory;

    @Test
    void theInventoryIsVcsimsThirtyVmsInFullFromTheDetailedList() {
        List<InventoryVm> vms = inventory.vms();
        assertEquals(30, vms.size(), "vcsim's 30 VMs");
        for (InventoryVm vm : vms) {
            assertTrue(vm.name().startsWith("DC0_C"), vm.name());
            assertEquals(1, vm.vcpus());
            assertEquals(32, vm.memoryMb());
            assertEquals(1, vm.disks().size(), vm.name() + " has its disk, not a count");
            assertEquals("LocalDS_0", vm.disks().get(0).datastore());
            assertEquals(10L << 30, vm.disks().get(0).capacityBytes());
            assertEquals(1, vm.nics().size());
            assertEquals("DC0_DVPG0", vm.nics().get(0).networkName());
            assertTrue(vm.nics().get(0).macAddress().startsWith("00:50:56:"), vm.nics().get(0).macAddress());
        }
        // the wizard's CSV import resolves names against the same inventory
        String plan = given().contentType(ContentType.JSON).body(Map.of("name", "real-inv-" + UUID.randomUUID(),
                "mode", "COLD")).post("/api/plans").then().statusCode(201).extract().path("id");
        given().contentType("text/csv").body("name\nDC0_C0_RP0_VM3\nDC0_C1_RP0_VM4\n")
                .post("/api/plans/" + plan + "/vms/import").then().statusCode(200)
                .body("vms.vmId", contains(idOf(vms, "DC0_C0_RP0_VM3"), idOf(vms, "DC0_C1_RP0_VM4")));
    }

    @Test
    void rollbackPowersTheSourceOnInVcsimThroughTheRealService() {
        String vmId = idOf(inventory.vms(), "DC0_C0_RP0_VM6");
        // the cutover powered it off (as disk-transfer-worker does, through discovery-service)
        given().baseUri(RealDiscoveryService.url()).queryParam("gracefulTimeoutSeconds", 0)
                .post("/api/source/vms/" + vmId + "/power-off").then().statusCode(200);
        assertEquals("POWERED_OFF", powerState(vmId));

        String id = migrated(vmId, "DC0_C0_RP0_VM6");
        given().post("/api/migrations/" + id + "/rollback").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/api/migrations/" + id + "/timeline").then()
                        .body("detail", hasItem(containsString("source DC0_C0_RP0_VM6 powered on"))));
        assertEquals("POWERED_ON", powerState(vmId), "vcsim has the VM on again");
    }

    @Test
    void aSourceTheRealServiceProtectsIsLeftOffAndTheTimelineSaysWhy() {
        String vmId = idOf(inventory.vms(), "DC0_C1_RP0_VM14"); // protected by the service's patterns in this test
        // off behind the service's back: it refuses to touch a protected VM, and powering on one that is already on
        // is a no-op it answers 200 (not a refusal)
        RealDiscoveryService.govc("vm.power", "-off", "DC0_C1_RP0_VM14");
        try {
            String id = migrated(vmId, "DC0_C1_RP0_VM14");
            given().post("/api/migrations/" + id + "/rollback").then().statusCode(202);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    given().get("/api/migrations/" + id + "/timeline").then()
                            .body("detail", hasItem(allOf(containsString("refused to power it on (HTTP 409"),
                                    containsString("protected")))));
            assertEquals("POWERED_OFF", powerState(vmId), "left as it is");
        } finally {
            RealDiscoveryService.govc("vm.power", "-on", "DC0_C1_RP0_VM14");
        }
    }

    /** A cold migration of the VM taken to MIGRATED by playing the phases (discovered powered on, then cut over). */
    private String migrated(String vmId, String vmName) {
        String id = startOne(vmId, vmName, "COLD");
        awaitState(id, "DISCOVERING");
        SampleEvents s = new SampleEvents(UUID.fromString(id));
        for (EventEnvelope e : List.of(s.vmDiscovered(), s.vmSized(), s.vmMapped(), s.diskSynced(1, true),
                s.vmConverted(), EventEnvelope.of("launch-service", s.migrationId(), new InstanceActive("i",
                        "migrated-" + vmName, "m1.tiny", null, List.of("10.20.0.9"), List.of())))) {
            kafka.send(e);
        }
        awaitState(id, "MIGRATED");
        return id;
    }

    /** The VM's power state as vCenter reports it now (discovery-service syncs with vcsim first). */
    private static String powerState(String vmId) {
        given().baseUri(RealDiscoveryService.url()).post("/api/inventory/refresh").then().statusCode(200);
        return given().baseUri(RealDiscoveryService.url()).get("/api/inventory/vms/" + vmId).then().statusCode(200)
                .extract().path("powerState");
    }

    private static String idOf(List<InventoryVm> vms, String name) {
        return vms.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow().id();
    }
}
