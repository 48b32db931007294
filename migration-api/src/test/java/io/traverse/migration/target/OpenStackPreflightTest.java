package io.traverse.migration.target;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.traverse.migration.support.FakeInventory;
import io.traverse.migration.support.WithOpenStack;
import io.traverse.openstack.OpenStackClients;
import io.traverse.openstack.OpenStackRest;
import io.traverse.testbed.TraverseTestbed;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Preflight and mapping validation against the real OpenStack target (the testbed, as the member user): names,
 * MACs, flavor specs and the whole wave's quota are checked there and block the start when they would fail. What a
 * test creates on the target it deletes; the protected ffp-vdi-* servers are only read.
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(FakeInventory.class)
@TestProfile(WithOpenStack.class)
@TestSecurity(user = "ada", roles = "admin")
class OpenStackPreflightTest {

    private static final List<String> TARGET_RULES = List.of("wave-capacity", "name-collision", "mac-in-use");

    @Inject
    OpenStackClients openstack;

    @Inject
    TargetClient target;

    private static boolean warm;

    /**
     * The first request with a new token costs each OpenStack service a token validation (seconds on this shared
     * machine): done once here, so the requests under test measure the checks, not a cold testbed.
     */
    @BeforeEach
    void warmUp() {
        if (!warm) {
            OpenStackRest rest = openstack.rest();
            rest.get("compute", "/os-availability-zone");
            rest.get("volumev3", "/types");
            rest.get("network", "/v2.0/networks?fields=name");
            warm = true;
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String mapping() {
        return mapping("__DEFAULT__");
    }

    private static String mapping(String volumeType) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", unique("os-map"),
                        "clusters", List.of(Map.of("sources", List.of("DC0_C0"), "target", "nova")),
                        "datastores", List.of(Map.of("sources", List.of("LocalDS_0"), "target", volumeType)),
                        "networks", List.of(Map.of("sources", List.of("DC0_DVPG0"), "target", "frontier-net"))))
                .post("/api/mappings").then().statusCode(201).extract().path("id");
    }

    private static String plan(String mode, List<Map<String, Object>> vms) {
        return plan(mode, vms, mapping());
    }

    private static String plan(String mode, List<Map<String, Object>> vms, String mappingId) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", unique("os-plan"), "mode", mode, "mappingId", mappingId, "vms", vms))
                .post("/api/plans").then().statusCode(201).extract().path("id");
    }

    /**
     * Sets Cinder quotas of the Traverse project (as the admin) for the length of {@code test}, then puts back what
     * was there: other tests share the testbed, so the window is kept short.
     */
    private void withVolumeQuota(Map<String, Long> quota, Runnable test) {
        OpenStackRest admin = openstack.adminRest().orElseThrow();
        String path = "/os-quota-sets/" + openstack.projectId();
        JsonNode before = admin.get("volumev3", path).path("quota_set");
        Map<String, Long> restore = new java.util.HashMap<>();
        quota.keySet().forEach(k -> restore.put(k, before.path(k).asLong()));
        admin.put("volumev3", path, Map.of("quota_set", quota));
        try {
            test.run();
        } finally {
            admin.put("volumev3", path, Map.of("quota_set", restore));
        }
    }

    /** What the project uses now of a Cinder quota (in use plus reserved). */
    private long volumeQuotaUsed(String resource) {
        JsonNode usage = openstack.adminRest().orElseThrow()
                .get("volumev3", "/os-quota-sets/" + openstack.projectId() + "?usage=true").path("quota_set").path(resource);
        return usage.path("in_use").asLong() + usage.path("reserved").asLong();
    }

    private static Map<String, Object> app(int n) {
        return Map.of("vmId", "vm-" + (1000 + n), "vmName", String.format("app-%03d", n));
    }

    @Test
    void aSmallWaveFitsAndTheTargetChecksRunInsteadOfAdvisories() {
        String id = plan("COLD", List.of(app(100), app(101)));
        given().post("/api/plans/" + id + "/preflight").then().statusCode(200)
                .body("blocking", equalTo(false))
                .body("findings.rule", not(hasItem("wave-capacity")))
                .body("findings.rule", not(hasItem("name-collision")))
                .body("findings.rule", not(hasItem("mac-in-use")))
                .body("findings.rule", not(hasItem("storage-capacity")))
                .body("findings.rule", not(hasItem("host-size")))
                .body("findings.message", everyItem(not(containsString("could not be asked"))))
                .body("findings.message", everyItem(not(containsString("not checked"))));
    }

    @Test
    void aWaveNeedingMoreVolumesOrGigabytesThanTheCinderQuotaLeavesIsCritical() {
        String pair = plan("COLD", List.of(app(180), app(181))); // two VMs, one 10 GiB disk each
        String single = plan("COLD", List.of(app(182)));
        withVolumeQuota(Map.of("volumes", volumeQuotaUsed("volumes") + 1, "gigabytes", volumeQuotaUsed("gigabytes") + 15),
                () -> await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> { // target answers are kept for 5 s
                    given().post("/api/plans/" + pair + "/preflight").then().statusCode(200)
                            .body("blocking", equalTo(true))
                            .body("findings.findAll { it.rule == 'storage-capacity' }.severity", everyItem(equalTo("CRITICAL")))
                            .body("findings.findAll { it.rule == 'storage-capacity' }.message", hasItem(
                                    containsString("The wave needs 2 volumes (one per disk) but the project's volume quota leaves 1")))
                            .body("findings.findAll { it.rule == 'storage-capacity' }.message", hasItem(
                                    containsString("The wave needs 20 GiB of volumes but the project's gigabytes quota leaves 15 GiB")));
                    given().post("/api/plans/" + single + "/preflight").then().statusCode(200)
                            .body("findings.rule", not(hasItem("storage-capacity")));
                }));
    }

    @Test
    void aWaveLargerThanTheFreeSpaceOfItsVolumeTypesBackendPoolsIsCriticalEvenWhenTheQuotaAllowsIt() {
        var storage = target.storage().orElseThrow();
        long free = storage.pools().stream().filter(p -> "nfs1".equals(p.backend()))
                .mapToLong(io.traverse.migration.preflight.TargetCloud.StoragePool::freeGb).sum();
        assertTrue(free > 0 && free < Long.MAX_VALUE, "the testbed's NFS pool reports its space: " + storage);
        String vmId = "vm-1950";
        FakeInventory.addVm(vmId, "big-data", 1, 32, (free + 100) << 30); // 100 GiB more than the pools can place
        String id = plan("COLD", List.of(Map.of("vmId", vmId, "vmName", "big-data")), mapping("rbd")); // rbd: backend nfs1
        withVolumeQuota(Map.of("gigabytes", -1L), () -> // unlimited: only the pools can say no
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        given().post("/api/plans/" + id + "/preflight").then().statusCode(200)
                                .body("blocking", equalTo(true))
                                .body("findings.findAll { it.rule == 'storage-capacity' }.message", contains(allOf(
                                        containsString("The wave needs " + (free + 100) + " GiB of volumes of type rbd"),
                                        containsString("the pools of backend nfs1 have"),
                                        not(containsString("quota")))))));
    }

    @Test
    void aVmWithMoreVcpusThanAnyComputeHostCanGiveOneInstanceIsCritical() {
        TargetClient.Provider largest = target.providers().orElseThrow().stream()
                .max(java.util.Comparator.comparingLong(TargetClient.Provider::maxVcpus)).orElseThrow();
        long most = largest.maxVcpus();
        String vmId = "vm-1951";
        FakeInventory.addVm(vmId, "monster", (int) most + 1, 32, 1L << 30);
        String id = plan("COLD", List.of(Map.of("vmId", vmId, "vmName", "monster"), app(183)));
        given().post("/api/plans/" + id + "/preflight").then().statusCode(200)
                .body("blocking", equalTo(true))
                .body("findings.findAll { it.rule == 'host-size' }.vmName", contains("monster"))
                .body("findings.findAll { it.rule == 'host-size' }.message", contains(allOf(
                        containsString("monster has " + (most + 1) + " vCPUs"),
                        containsString("more than any compute host can give one instance"),
                        containsString("the largest: " + largest.name()))));
    }

    @Test
    void aWaveLargerThanWhatTheQuotaLeavesIsCriticalAsAWholeAndBlocksTheStart() {
        List<Map<String, Object>> vms = new ArrayList<>();
        for (int i = 110; i < 170; i++) {
            vms.add(app(i)); // 60 VMs: the testbed project may have at most 50 instances
        }
        String id = plan("COLD", vms);
        given().post("/api/plans/" + id + "/preflight").then().statusCode(200)
                .body("blocking", equalTo(true))
                .body("findings.findAll { it.rule == 'wave-capacity' }.severity", everyItem(equalTo("CRITICAL")))
                .body("findings.findAll { it.rule == 'wave-capacity' }.message",
                        hasItem(containsString("The wave needs 60 instances")));
        given().post("/api/plans/" + id + "/start").then().statusCode(409)
                .body("type", equalTo("urn:traverse:problem:preflight-failed"));
    }

    @Test
    void aVmWhoseNameAServerOnTheTargetHasIsCritical() {
        String id = plan("COLD", List.of(Map.of("vmId", "vm-1906", "vmName", "ffp-vdi-01")));
        given().post("/api/plans/" + id + "/preflight").then().statusCode(200)
                .body("blocking", equalTo(true))
                .body("findings.findAll { it.rule == 'name-collision' }.message",
                        contains(containsString("A server named ffp-vdi-01 already exists")));
    }

    @Test
    void aMacThatANeutronPortAlreadyHasIsCritical() {
        String vmId = "vm-1171";
        String mac = FakeInventory.macOf(vmId);
        OpenStackRest rest = openstack.rest();
        String network = rest.get("network", "/v2.0/networks?name=frontier-net").path("networks").get(0).path("id").asText();
        JsonNode port = rest.post("network", "/v2.0/ports", Map.of("port", Map.of("network_id", network,
                "mac_address", mac, "name", unique("traverse-test-mac"), "description",
                "migration-api OpenStackPreflightTest; deleted by the test")));
        String portId = port.path("port").path("id").asText();
        try {
            String id = plan("COLD", List.of(Map.of("vmId", vmId, "vmName", "app-171")));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> // target answers are kept for 5 s
                    given().post("/api/plans/" + id + "/preflight").then().statusCode(200)
                            .body("blocking", equalTo(true))
                            .body("findings.findAll { it.rule == 'mac-in-use' }.message",
                                    contains(containsString("MAC " + mac + " of app-171 is already used"))));
        } finally {
            rest.delete("network", "/v2.0/ports/" + portId);
        }
    }

    @Test
    void anEfiGuestOnAForcedFlavorThatPinsBiosIsCritical() {
        OpenStackRest admin = openstack.adminRest().orElseThrow();
        String flavor = unique("traverse-test-bios");
        String flavorId = admin.post("compute", "/flavors", Map.of("flavor", Map.of("name", flavor, "ram", 256,
                "vcpus", 1, "disk", 0))).path("flavor").path("id").asText();
        try {
            admin.post("compute", "/flavors/" + flavorId + "/os-extra_specs",
                    Map.of("extra_specs", Map.of("hw:firmware_type", "bios")));
            String id = plan("COLD", List.of(Map.of("vmId", "vm-1907", "vmName", "efi-app", "flavorOverride", flavor)));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    given().post("/api/plans/" + id + "/preflight").then().statusCode(200)
                            .body("findings.findAll { it.rule == 'firmware' }.severity", contains("CRITICAL"))
                            .body("findings.findAll { it.rule == 'firmware' }.message",
                                    contains(containsString(flavor + " pins BIOS boot"))));
        } finally {
            admin.delete("compute", "/flavors/" + flavorId);
        }
    }

    @Test
    void theCloudsFreeCapacityFromPlacementCapsTheHeadroomWhenAnAdminIdentityIsConfigured() {
        TargetClient.Capacity capacity = target.capacity().orElseThrow();
        assertTrue(capacity.vcpus() > 0 && capacity.ramMb() > 0, "Placement read: " + capacity);
        var headroom = target.headroom(target.ports(), Optional.of(capacity));
        assertTrue(headroom.cores() <= capacity.vcpus() && headroom.ramMb() <= capacity.ramMb(),
                headroom + " within " + capacity);
        assertTrue(headroom.instances() <= 50 && headroom.freeFixedIpsByNetwork().containsKey("frontier-net"), headroom.toString());
    }

    @Test
    void aMappingToAZoneVolumeTypeOrNetworkTheTargetLacksIsRejectedNamingEach() {
        given().contentType(ContentType.JSON)
                .body(Map.of("name", unique("bad-target"),
                        "clusters", List.of(Map.of("sources", List.of("DC0_C0"), "target", "no-such-zone")),
                        "datastores", List.of(Map.of("sources", List.of("LocalDS_0"), "target", "no-such-type")),
                        "networks", List.of(Map.of("sources", List.of("DC0_DVPG0"), "target", "no-such-net"))))
                .post("/api/mappings").then().statusCode(422)
                .body("type", equalTo("urn:traverse:problem:invalid-mapping"))
                .body("detail", containsString("no-such-zone"))
                .body("detail", containsString("no-such-type"))
                .body("detail", containsString("no-such-net"));
    }
}
