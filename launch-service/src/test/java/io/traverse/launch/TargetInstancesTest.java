package io.traverse.launch;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.traverse.launch.support.FakeDiscovery;
import io.traverse.launch.support.Target;
import io.traverse.openstack.OpenStackClients;
import io.traverse.openstack.TraverseTags;
import io.traverse.testbed.TraverseTestbed;
import io.traverse.testbed.openstack.OpenStackTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/target/instances} on the real OpenStack testbed: the seeded protected VDI desktops and a workload
 * someone else started are listed with their flavor; what carries Traverse's mark is not.
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(OpenStackTestResource.class)
@WithTestResource(FakeDiscovery.class)
class TargetInstancesTest {

    /** Metadata on the server this test starts, so a later run can remove one an interrupted run left. */
    private static final Map<String, String> TEST_MARK = Map.of("traverse-test", "target-instances");
    private static final Map<String, String> NOVA_2_52 = Map.of("OpenStack-API-Version", "compute 2.52",
            "X-OpenStack-Nova-API-Version", "2.52");

    @Inject
    OpenStackClients clients;

    /** Reads that ride out the shared testbed's slow moments (Target.get tries 4 times). */
    private JsonNode get(String service, String path) {
        return new Target(clients).get(service, path);
    }

    @Test
    void listsTheExistingWorkloadsWithTheProtectedVdiDesktopsMarkedAndNothingTraverseCreated() {
        removeLeftovers();
        String name = "launch-test-workload-" + UUID.randomUUID().toString().substring(0, 8);
        String id = startWorkload(name);
        try {
            JsonPath list = given().get("/api/target/instances").then().statusCode(200).extract().jsonPath();

            for (String vdi : List.of("ffp-vdi-01", "ffp-vdi-02")) {
                Map<String, Object> v = list.getMap("find { it.name == '" + vdi + "' }");
                assertNotNull(v, vdi + " is listed: " + list.prettify());
                assertEquals(true, v.get("protected"), vdi + " is protected");
                assertEquals("ACTIVE", v.get("status"));
                assertEquals(Map.of("name", "m1.small", "vcpus", 2, "ramMb", 2048, "diskGb", 20), v.get("flavor"));
            }
            Map<String, Object> mine = list.getMap("find { it.name == '" + name + "' }");
            assertNotNull(mine, "a workload Traverse did not create is listed");
            assertEquals(id, mine.get("id"));
            assertEquals(false, mine.get("protected"));
            assertEquals("m1.small", list.getString("find { it.name == '" + name + "' }.flavor.name"));

            List<String> listedIds = list.getList("id");
            List<String> traverseOnes = traverseServerIds();
            traverseOnes.forEach(t -> assertFalse(listedIds.contains(t), "Traverse's server " + t + " is not an existing workload"));

            // the same server with a migration id in its metadata is Traverse's, and no longer an existing workload
            clients.rest().put("compute", "/servers/" + id + "/metadata/" + TraverseTags.MIGRATION_ID,
                    Map.of("meta", Map.of(TraverseTags.MIGRATION_ID, UUID.randomUUID().toString())));
            List<String> after = given().get("/api/target/instances").then().statusCode(200).extract().jsonPath().getList("id");
            assertFalse(after.contains(id), "a server marked as Traverse's is left out");
            assertTrue(after.size() >= 2, "the VDI desktops are still listed: " + after);
        } finally {
            clients.rest().delete("compute", "/servers/" + id);
        }
    }

    /** A server as another team would start one: image boot, no Traverse mark (the VDI desktops are made the same way). */
    private String startWorkload(String name) {
        String image = get("image", "/v2/images?name=ubuntu-22.04-jammy").path("images").get(0).path("id").asText();
        String flavor = null;
        for (JsonNode f : get("compute", "/flavors").path("flavors")) {
            if ("m1.small".equals(f.path("name").asText())) {
                flavor = f.path("id").asText();
            }
        }
        Map<String, Object> server = Map.of("name", name, "imageRef", image, "flavorRef", flavor, "networks", "none",
                "metadata", TEST_MARK);
        String id = clients.rest().call("POST", "compute", "/servers", Map.of("server", server), NOVA_2_52)
                .path("server").path("id").asText();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String status = get("compute", "/servers/" + id).path("server").path("status").asText();
            assertFalse("ERROR".equals(status), name + " went to ERROR");
            return "ACTIVE".equals(status);
        });
        return id;
    }

    private List<String> traverseServerIds() {
        List<String> out = new ArrayList<>();
        for (JsonNode s : get("compute", "/servers/detail").path("servers")) {
            if (s.path("metadata").has(TraverseTags.MIGRATION_ID)) {
                out.add(s.path("id").asText());
            }
        }
        return out;
    }

    private void removeLeftovers() {
        for (JsonNode s : get("compute", "/servers/detail").path("servers")) {
            if ("target-instances".equals(s.path("metadata").path("traverse-test").asText())) {
                clients.rest().delete("compute", "/servers/" + s.path("id").asText());
            }
        }
    }
}
