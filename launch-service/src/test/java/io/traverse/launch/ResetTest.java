package io.traverse.launch;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.events.EventEnvelope;
import io.traverse.events.Firmware;
import io.traverse.launch.support.FakeDiscovery;
import io.traverse.launch.support.Target;
import io.traverse.openstack.OpenStackClients;
import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.TraverseTestbed;
import io.traverse.testbed.openstack.OpenStackTestResource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Migration Monitor's Reset from launch-service's side: every Traverse-tagged instance goes with its volumes and
 * ports, its source VM is powered on, and the pre-existing workloads — the protected ffp-vdi-01/02 and the volume
 * ffp-shared-data, seeded on the testbed — are exactly as before.
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(OpenStackTestResource.class)
@WithTestResource(FakeDiscovery.class)
class ResetTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.rest-client.discovery.url")
    String discoveryUrl;

    @Inject
    OpenStackClients clients;

    @Test
    void shouldRemoveOnlyTraverseInstancesAndLeaveFfpVdi01Running() {
        Target target = new Target(clients);
        target.sweepLeftovers();
        List<JsonNode> before = protectedOnes();
        Target.Prepared p = target.prepare(1, Firmware.BIOS);
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            kafka.send(EventEnvelope.of("conversion-worker", p.migrationId(),
                    target.converted(p, target.tiny(), Firmware.BIOS, "otherGuest")));
            String instanceId = LaunchTest.awaitActive(kafka, p.migrationId(), 1).get(0).instanceId();

            List<String> cleanups = given().post("/api/launches/reset").then().statusCode(202)
                    .extract().jsonPath().getList("cleanups");
            assertTrue(cleanups.contains(p.migrationId().toString()), cleanups.toString());
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    "DONE".equals(given().get("/api/launches/" + p.migrationId() + "/cleanup").then().extract().path("state")));

            assertTrue(target.serversOf(p.migrationId()).isEmpty(), "the migrated instance " + instanceId + " is gone");
            assertTrue(target.volumeJson(p.volumeIds().get(0)).isMissingNode());
            assertTrue(target.portJson(p.ports().get(0).portId()).isMissingNode());
            assertTrue(given().get(discoveryUrl + "/calls").asString().contains(p.vmId()), "source VM powered on");

            List<JsonNode> after = protectedOnes();
            assertEquals(before.size(), after.size());
            for (int i = 0; i < before.size(); i++) {
                JsonNode b = before.get(i);
                JsonNode a = after.get(i);
                assertEquals(b.path("id"), a.path("id"), b.path("name") + " still there");
                assertEquals(b.path("status"), a.path("status"), b.path("name") + " status");
                assertEquals(b.path("metadata"), a.path("metadata"), b.path("name") + " metadata");
                assertEquals(b.path("updated").asText(b.path("updated_at").asText()),
                        a.path("updated").asText(a.path("updated_at").asText()), b.path("name") + " not modified");
            }
            assertEquals("ACTIVE", after.get(0).path("status").asText(), "ffp-vdi-01 keeps running");
        } finally {
            target.sweep(p.migrationId());
        }
    }

    /** ffp-vdi-01, ffp-vdi-02 and ffp-shared-data as Nova and Cinder show them now. */
    private List<JsonNode> protectedOnes() {
        JsonNode vdi1 = clients.rest().get("compute", "/servers/detail?name=ffp-vdi-01").path("servers").get(0);
        JsonNode vdi2 = clients.rest().get("compute", "/servers/detail?name=ffp-vdi-02").path("servers").get(0);
        JsonNode data = clients.rest().get("volumev3", "/volumes/detail?name=ffp-shared-data").path("volumes").get(0);
        assertEquals("ffp-vdi-01", vdi1.path("name").asText());
        return List.of(vdi1, vdi2, data);
    }
}
