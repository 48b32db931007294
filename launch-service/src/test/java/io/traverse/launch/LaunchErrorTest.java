package io.traverse.launch;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.events.EventEnvelope;
import io.traverse.events.Firmware;
import io.traverse.events.MigrationFailed;
import io.traverse.events.Phase;
import io.traverse.events.TargetFlavor;
import io.traverse.events.Topics;
import io.traverse.launch.support.FakeDiscovery;
import io.traverse.launch.support.Target;
import io.traverse.openstack.OpenStackClients;
import io.traverse.openstack.OpenStackRest;
import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.TraverseTestbed;
import io.traverse.testbed.openstack.OpenStackTestResource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nova fails for real: the flavor (created for this test by the cloud admin, private to the project, deleted after)
 * asks Placement for a resource class no host has, so the scheduler finds no valid host and Nova puts the server in
 * ERROR with its fault. launch-service reports migration.failed with that fault, deletes the errored server, and keeps
 * the volumes and the port for a retry.
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(OpenStackTestResource.class)
@WithTestResource(FakeDiscovery.class)
class LaunchErrorTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    OpenStackClients clients;

    @Test
    void shouldReportNovasFaultWhenTheServerGoesToError() {
        Target target = new Target(clients);
        target.sweepLeftovers();
        OpenStackRest admin = clients.adminRest().orElseThrow(() -> new AssertionError("the testbed gives admin credentials"));
        String flavorName = "traverse-test-novalidhost-" + UUID.randomUUID().toString().substring(0, 8);
        String flavorId = admin.post("compute", "/flavors", Map.of("flavor", Map.of("name", flavorName, "ram", 256,
                "vcpus", 1, "disk", 0, "os-flavor-access:is_public", false))).path("flavor").path("id").asText();
        Target.Prepared p = null;
        try {
            admin.post("compute", "/flavors/" + flavorId + "/os-extra_specs",
                    Map.of("extra_specs", Map.of("resources:CUSTOM_TRAVERSE_TEST_NEVER", "1")));
            admin.post("compute", "/flavors/" + flavorId + "/action",
                    Map.of("addTenantAccess", Map.of("tenant", clients.projectId())));
            p = target.prepare(1, Firmware.BIOS);
            UUID id = p.migrationId();
            try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
                kafka.send(EventEnvelope.of("conversion-worker", id, target.converted(p,
                        new TargetFlavor(flavorId, flavorName, 1, 256, 0, false), Firmware.BIOS, "otherGuest")));
                EventEnvelope e = kafka.await(Topics.MIGRATION_FAILED, x -> id.equals(x.migrationId()), 1,
                        Duration.ofSeconds(240)).stream().findFirst()
                        .orElseThrow(() -> new AssertionError("no migration.failed for " + id));
                MigrationFailed failed = (MigrationFailed) e.data();
                assertEquals(Phase.LAUNCH, failed.phase());
                assertFalse(failed.retryable());
                assertTrue(failed.reason().contains("ERROR"), failed.reason());
                assertTrue(failed.reason().contains("No valid host"), "Nova's fault in the reason: " + failed.reason());
                assertTrue(kafka.await(Topics.INSTANCE_ACTIVE, x -> id.equals(x.migrationId()), 1, Duration.ofSeconds(1)).isEmpty());
            }
            given().get("/api/launches/" + id).then().statusCode(200).body("state", equalTo("FAILED"))
                    .body("detail", containsString("No valid host"));
            await().atMost(Duration.ofSeconds(60)).until(() -> target.serversOf(id).isEmpty());
            JsonNode volume = target.volumeJson(p.volumeIds().get(0));
            assertEquals("available", volume.path("status").asText(), "the volume stays for a retry");
            assertFalse(target.portJson(p.ports().get(0).portId()).isMissingNode(), "the port stays for a retry");
        } finally {
            if (p != null) {
                target.sweep(p.migrationId());
            }
            admin.delete("compute", "/flavors/" + flavorId);
        }
    }
}
