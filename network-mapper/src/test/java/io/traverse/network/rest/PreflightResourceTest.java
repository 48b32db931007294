package io.traverse.network.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.events.PortMapping;
import io.traverse.network.port.MacConflict;
import io.traverse.network.port.NeutronNetworks;
import io.traverse.network.port.NeutronPorts;
import io.traverse.network.testing.MigrationApiStandIn;
import io.traverse.network.testing.NetworkTestVms;
import io.traverse.testbed.TraverseTestbed;
import io.traverse.testbed.openstack.OpenStackTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

/** The Network Mapping tab's Neutron checks against the real OpenStack testbed, mappings from the stand-in. */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(OpenStackTestResource.class)
@WithTestResource(MigrationApiStandIn.class)
class PreflightResourceTest {

    @Inject
    NeutronNetworks networks;

    @Inject
    NeutronPorts ports;

    @Test
    void shouldShowEachPortGroupsTargetNetworkAndThatItExists() {
        String frontier = networks.find("frontier-net").orElseThrow().id();
        given().queryParam("mappingId", MigrationApiStandIn.DC0_TO_FRONTIER).get("/api/preflight/networks").then()
                .statusCode(200)
                .body("mapping", equalTo("DC0 to RegionOne"))
                .body("allNetworksExist", equalTo(true))
                .body("networks[0].sources", equalTo(List.of("DC0_DVPG0")))
                .body("networks[0].target", equalTo("frontier-net"))
                .body("networks[0].exists", equalTo(true))
                .body("networks[0].networkId", equalTo(frontier))
                .body("networks[0].ownedByProject", equalTo(true))
                .body("macsInUse", empty());
    }

    @Test
    void shouldFlagATargetNetworkNeutronDoesNotHave() {
        given().queryParam("mappingId", MigrationApiStandIn.TO_MISSING_NETWORK).get("/api/preflight/networks").then()
                .statusCode(200)
                .body("allNetworksExist", equalTo(false))
                .body("networks[0].exists", equalTo(false))
                .body("networks[0].problem", containsString("no-such-net-traverse-test"));
    }

    @Test
    void shouldNameASourceMacANeutronPortAlreadyHas() {
        UUID migration = UUID.randomUUID();
        String frontier = networks.find("frontier-net").orElseThrow().id();
        PortMapping taken = ports.ensurePort(migration, "vm-42", NetworkTestVms.nic(4000, "DC0_DVPG0"), frontier, null,
                List.of(), true, MacConflict.FAIL, false);
        try {
            given().queryParam("mappingId", MigrationApiStandIn.DC0_TO_FRONTIER)
                    .queryParam("mac", taken.sourceMac().toUpperCase(), NetworkTestVms.randomMac())
                    .get("/api/preflight/networks").then().statusCode(200)
                    .body("macsInUse.size()", equalTo(1))
                    .body("macsInUse[0].mac", equalTo(taken.sourceMac()))
                    .body("macsInUse[0].portId", equalTo(taken.portId()));
        } finally {
            ports.deletePortsOf(migration, "vm-42");
        }
    }

    @Test
    void shouldNotGetAnUnknownMappingOrBadInput() {
        given().queryParam("mappingId", UUID.randomUUID()).get("/api/preflight/networks").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/preflight/networks").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("mappingId", "nope").get("/api/preflight/networks").then().statusCode(400);
        given().queryParam("mappingId", MigrationApiStandIn.DC0_TO_FRONTIER).queryParam("mac", "zz")
                .get("/api/preflight/networks").then().statusCode(400).body("detail", containsString("'zz'"));
    }
}
