package io.traverse.discovery.inventory;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.traverse.discovery.VcsimInventory;
import io.traverse.testbed.TraverseTestbedWithVcsim;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mirror of vcsim's 30-VM inventory (DC0, clusters DC0_C0 and DC0_C1 with 3 hosts and 15 VMs each), read over real
 * SOAP with one PropertyCollector call, as the REST API shows it.
 */
@QuarkusTest
@WithTestResource(TraverseTestbedWithVcsim.class)
class InventoryResourceTest {

    @BeforeEach
    void sync() {
        VcsimInventory.refresh();
    }

    @Test
    void mirrorsEveryVmWithItsSpecsAndUniqueMacs() {
        JsonPath page = given().queryParam("size", 1000).get("/api/inventory/vms").then().statusCode(200)
                .body("total", equalTo(30)).extract().jsonPath();
        List<Map<String, Object>> vms = page.getList("items");
        assertEquals(30, vms.size());
        assertTrue(vms.stream().allMatch(v -> ((String) v.get("name")).startsWith("DC0_C")), "only the guide's VMs");
        assertEquals(vms.stream().map(v -> (String) v.get("name")).sorted().toList(),
                vms.stream().map(v -> (String) v.get("name")).toList(), "sorted by name");

        given().queryParam("cluster", "DC0_C0").get("/api/inventory/vms").then().statusCode(200)
                .body("total", equalTo(15)).body("items.cluster", everyItem(equalTo("DC0_C0")));
        given().queryParam("cluster", "DC0_C1").get("/api/inventory/vms").then().statusCode(200).body("total", equalTo(15));
        given().queryParam("size", 10).queryParam("page", 2).get("/api/inventory/vms").then().statusCode(200)
                .body("items.size()", equalTo(10)).body("page", equalTo(2)).body("total", equalTo(30));

        Set<String> macs = new HashSet<>();
        for (Map<String, Object> summary : vms) {
            JsonPath vm = given().get("/api/inventory/vms/" + summary.get("id")).then().statusCode(200).extract().jsonPath();
            assertEquals(1, vm.getInt("vcpus"));
            assertEquals(32, vm.getInt("memoryMb"));
            assertEquals("otherGuest", vm.getString("guestId"));
            assertEquals("BIOS", vm.getString("firmware"));
            assertEquals("DC0", vm.getString("datacenter"));
            assertTrue(vm.getString("host").startsWith(vm.getString("cluster") + "_H"), "host in its cluster");
            assertEquals(1, vm.getList("disks").size());
            assertEquals("[LocalDS_0] " + summary.get("name") + "/disk1.vmdk", vm.getString("disks[0].fileName"));
            assertEquals("LocalDS_0", vm.getString("disks[0].datastore"));
            assertEquals(10L << 30, vm.getLong("disks[0].capacityBytes"));
            assertTrue(vm.getBoolean("disks[0].thin"));
            assertEquals("pvscsi", vm.getString("disks[0].controllerType"));
            assertEquals(1, vm.getList("nics").size());
            assertEquals("DC0_DVPG0", vm.getString("nics[0].networkName"));
            assertTrue(vm.getString("nics[0].portGroup").startsWith("dvportgroup-"));
            assertEquals("e1000", vm.getString("nics[0].adapterType"));
            macs.add(vm.getString("nics[0].macAddress"));
        }
        assertEquals(30, macs.size(), "every VM has its own MAC");
    }

    @Test
    void theDetailedListPagesEveryVmInFullAsItsOwnEndpointHasIt() {
        List<Object> detailed = new java.util.ArrayList<>();
        for (int page = 0; page < 4; page++) { // 30 VMs in pages of 8: 8, 8, 8, 6
            JsonPath p = given().queryParam("detail", true).queryParam("size", 8).queryParam("page", page)
                    .get("/api/inventory/vms").then().statusCode(200)
                    .body("total", equalTo(30)).body("page", equalTo(page)).body("size", equalTo(8))
                    .extract().jsonPath();
            detailed.addAll(p.getList("items"));
        }
        assertEquals(30, detailed.size());
        JsonPath summaries = given().queryParam("size", 1000).get("/api/inventory/vms").then().extract().jsonPath();
        for (int i = 0; i < 30; i++) {
            String id = summaries.getString("items[" + i + "].id");
            Object one = given().get("/api/inventory/vms/" + id).then().statusCode(200).extract().jsonPath().get("$");
            assertEquals(one, detailed.get(i), "the list's entry for " + id + " is the VM in full, in name order");
        }
        given().queryParam("detail", true).queryParam("cluster", "DC0_C1").queryParam("size", 1000)
                .get("/api/inventory/vms").then().statusCode(200)
                .body("total", equalTo(15)).body("items.collect { it.disks.size() }", everyItem(equalTo(1)))
                .body("items.collect { it.nics[0].networkName }", everyItem(equalTo("DC0_DVPG0")));
        given().queryParam("detail", "perhaps").get("/api/inventory/vms").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("detail: 'perhaps' is not true or false"));
    }

    @Test
    void topologyGroupsVmsByClusterAndHost() {
        JsonPath topology = given().get("/api/inventory/topology").then().statusCode(200)
                .body("syncedAt", org.hamcrest.Matchers.notNullValue())
                .body("datacenters.name", equalTo(List.of("DC0")))
                .body("datacenters[0].clusters.name", equalTo(List.of("DC0_C0", "DC0_C1")))
                .body("datacenters[0].clusters[0].hosts.name", equalTo(List.of("DC0_C0_H0", "DC0_C0_H1", "DC0_C0_H2")))
                .body("datacenters[0].datastores.name", equalTo(List.of("LocalDS_0", "LocalDS_1")))
                .body("datacenters[0].networks.name", hasItems("VM Network", "DC0_DVPG0"))
                .extract().jsonPath();
        int total = 0;
        for (int c = 0; c < 2; c++) {
            int inCluster = topology.getInt("datacenters[0].clusters[" + c + "].vmCount");
            assertEquals(15, inCluster);
            List<List<Map<String, Object>>> perHost = topology.getList("datacenters[0].clusters[" + c + "].hosts.vms");
            assertEquals(15, perHost.stream().mapToInt(List::size).sum());
            String cluster = topology.getString("datacenters[0].clusters[" + c + "].name");
            perHost.forEach(vms -> vms.forEach(vm -> {
                assertEquals(cluster, vm.get("cluster"));
                assertTrue(vm.get("powerState") != null && vm.get("vcpus") != null && vm.get("memoryMb") != null);
            }));
            total += inCluster;
        }
        assertEquals(30, total);

        given().get("/api/inventory/clusters").then().statusCode(200).body("name", equalTo(List.of("DC0_C0", "DC0_C1")));
        given().get("/api/inventory/hosts").then().statusCode(200).body("size()", equalTo(6));
        given().get("/api/inventory/datastores").then().statusCode(200).body("capacityBytes", everyItem(org.hamcrest.Matchers.greaterThan(0L)));
        given().get("/api/inventory/networks").then().statusCode(200).body("name", hasItems("VM Network", "DC0_DVPG0"));
    }

    @Test
    void badParametersAreProblemJson4xx() {
        given().queryParam("powerState", "ON").get("/api/inventory/vms").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("powerState"));
        given().queryParam("size", 0).get("/api/inventory/vms").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("urn:traverse:problem:validation"));
        given().queryParam("page", -1).get("/api/inventory/vms").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("size", "many").get("/api/inventory/vms").then().statusCode(org.hamcrest.Matchers.both(
                org.hamcrest.Matchers.greaterThanOrEqualTo(400)).and(org.hamcrest.Matchers.lessThan(500)))
                .contentType("application/problem+json");
        given().get("/api/inventory/vms/not-a-vm").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("vm-42"));
        given().get("/api/inventory/vms/vm-999999").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:traverse:problem:not-found"));
        given().queryParam("powerState", "poweredOn").get("/api/inventory/vms").then().statusCode(200)
                .body("items.powerState", everyItem(startsWith("POWERED_")));
    }
}
