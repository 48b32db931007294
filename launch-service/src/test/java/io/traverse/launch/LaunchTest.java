package io.traverse.launch;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.events.EventEnvelope;
import io.traverse.events.Firmware;
import io.traverse.events.InstanceActive;
import io.traverse.events.MigrationCancelled;
import io.traverse.events.MigrationFailed;
import io.traverse.events.Phase;
import io.traverse.events.PortMapping;
import io.traverse.events.Topics;
import io.traverse.events.VmConverted;
import io.traverse.launch.support.FakeDiscovery;
import io.traverse.launch.support.Target;
import io.traverse.openstack.OpenStackClients;
import io.traverse.openstack.TraverseTags;
import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.TraverseTestbed;
import io.traverse.testbed.openstack.OpenStackTestResource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Phase 6 against the real OpenStack testbed (Nova with the FakeDriver: the API flow is real, no guest runs) and the
 * real Kafka broker and PostgreSQL: boot from two volumes with a MAC-preserving pre-created port to ACTIVE, the IP
 * verified, instance.active published once per vm.converted and never a second instance; then the cleanup a cancel
 * asks for. Each test deletes what it created, found by Traverse's tag.
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(OpenStackTestResource.class)
@WithTestResource(FakeDiscovery.class)
class LaunchTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.rest-client.discovery.url")
    String discoveryUrl;

    @Inject
    OpenStackClients clients;

    Target target;

    @BeforeEach
    void setUp() {
        target = new Target(clients);
        target.sweepLeftovers();
    }

    @Test
    void shouldBootFromVolumeToActiveWithTheMacPreservingPortAndNeverLaunchTwice() {
        Target.Prepared p = target.prepare(2, Firmware.EFI);
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            VmConverted converted = target.converted(p, target.tiny(), Firmware.EFI, "rhel9_64Guest");
            EventEnvelope event = EventEnvelope.of("conversion-worker", p.migrationId(), converted);
            kafka.send(event);

            InstanceActive active = awaitActive(kafka, p.migrationId(), 1).get(0);
            PortMapping port = p.ports().get(0);
            assertEquals("migrated-" + p.vmName(), active.instanceName());
            assertEquals("m1.tiny", active.flavorName());
            assertEquals("host-ovs-filter-active", active.host(), "read with the admin identity the testbed configures");
            assertTrue(active.ipAddresses().contains(port.fixedIp()), active.ipAddresses().toString());
            assertEquals(List.of(port.portId()), active.portIds());

            JsonNode server = target.server(active.instanceId());
            assertEquals("ACTIVE", server.path("status").asText());
            assertEquals(p.migrationId().toString(), server.path("metadata").path(TraverseTags.MIGRATION_ID).asText());
            assertEquals(p.vmId(), server.path("metadata").path(TraverseTags.SOURCE_VM_ID).asText());
            assertEquals("nova", server.path("OS-EXT-AZ:availability_zone").asText());
            List<String> attached = new ArrayList<>();
            server.path("os-extended-volumes:volumes_attached").forEach(v -> attached.add(v.path("id").asText()));
            assertEquals(p.volumeIds().size(), attached.size(), "boot volume and the data volume attached");
            assertTrue(attached.containsAll(p.volumeIds()));
            JsonNode tags = clients.rest().call("GET", "compute", "/servers/" + active.instanceId() + "/tags", null,
                    java.util.Map.of("OpenStack-API-Version", "compute 2.26")).path("tags");
            assertTrue(tags.toString().contains(TraverseTags.migrationTag(p.migrationId())), tags.toString());

            JsonNode boot = target.volumeJson(p.volumeIds().get(0));
            assertEquals("true", boot.path("bootable").asText());
            assertEquals("virtio", boot.path("volume_image_metadata").path("hw_disk_bus").asText());
            assertEquals("virtio", boot.path("volume_image_metadata").path("hw_vif_model").asText());
            assertEquals("uefi", boot.path("volume_image_metadata").path("hw_firmware_type").asText());
            assertEquals("linux", boot.path("volume_image_metadata").path("os_type").asText());
            assertEquals("true", boot.path("metadata").path("converted").asText(), "other metadata kept");

            JsonNode portJson = target.portJson(port.portId());
            assertEquals(active.instanceId(), portJson.path("device_id").asText());
            assertEquals(port.sourceMac(), portJson.path("mac_address").asText());

            given().get("/api/launches/" + p.migrationId()).then().statusCode(200)
                    .body("state", equalTo("ACTIVE")).body("instanceId", equalTo(active.instanceId()));

            // redelivery of the same event: skipped by the inbox; a new vm.converted for the same migration
            // (migration-api's retry): the existing server is adopted and announced again, never a second one
            kafka.send(event);
            kafka.send(event);
            kafka.send(EventEnvelope.of("conversion-worker", p.migrationId(), converted));
            List<InstanceActive> twice = awaitActive(kafka, p.migrationId(), 2);
            assertEquals(active.instanceId(), twice.get(1).instanceId());
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> target.serversOf(p.migrationId()).size() == 1);
            assertEquals(2, kafka.await(Topics.INSTANCE_ACTIVE, e -> p.migrationId().equals(e.migrationId()), 3,
                    Duration.ofSeconds(3)).size(), "one instance.active per distinct vm.converted, none for a redelivery");

            // cancel: the instance, both volumes and the port go (found by tag), the source VM is powered back on
            kafka.send(EventEnvelope.of("migration-api", p.migrationId(), new MigrationCancelled("rollback", "test")));
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    "DONE".equals(given().get("/api/launches/" + p.migrationId() + "/cleanup").then().extract().path("state")));
            assertTrue(target.serversOf(p.migrationId()).isEmpty());
            p.volumeIds().forEach(v -> assertTrue(target.volumeJson(v).isMissingNode(), "volume " + v + " deleted"));
            assertTrue(target.portJson(port.portId()).isMissingNode(), "port deleted");
            assertTrue(given().get(discoveryUrl + "/calls").asString().contains(p.vmId()), "source VM powered on");
            given().get("/api/launches/" + p.migrationId()).then().body("state", equalTo("CLEANED_UP"));
        } finally {
            target.sweep(p.migrationId());
        }
    }

    @Test
    void shouldFailWithoutTouchingAProtectedVolume() {
        UUID id = UUID.randomUUID();
        JsonNode shared = clients.rest().get("volumev3", "/volumes/detail?name=ffp-shared-data").path("volumes").get(0);
        Target.Prepared p = new Target.Prepared(id, "vm-4242", Target.TEST_VM_PREFIX + "protected",
                List.of(shared.path("id").asText()), List.of(target.port(id, "vm-4242", Target.TEST_VM_PREFIX + "protected")));
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            kafka.send(EventEnvelope.of("conversion-worker", id, target.converted(p, target.tiny(), Firmware.BIOS, "otherGuest")));
            MigrationFailed failed = (MigrationFailed) kafka.await(Topics.MIGRATION_FAILED,
                    e -> id.equals(e.migrationId()), 1, Duration.ofSeconds(60)).get(0).data();
            assertEquals(Phase.LAUNCH, failed.phase());
            assertFalse(failed.retryable());
            assertTrue(failed.reason().contains("protected"), failed.reason());
            JsonNode after = target.volumeJson(shared.path("id").asText());
            assertEquals(shared.path("metadata"), after.path("metadata"), "metadata untouched");
            assertEquals(shared.path("bootable").asText(), after.path("bootable").asText());
            assertTrue(target.serversOf(id).isEmpty());
        } finally {
            target.sweep(id);
        }
    }

    /** Waits for {@code count} instance.active of the migration; fails at once when a migration.failed shows up. */
    static List<InstanceActive> awaitActive(EventTestClient kafka, UUID migrationId, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        List<EventEnvelope> found = List.of();
        while (System.nanoTime() < deadline) {
            found = kafka.await(Topics.INSTANCE_ACTIVE, e -> migrationId.equals(e.migrationId()), count, Duration.ofSeconds(5));
            if (found.size() >= count) {
                return found.stream().map(e -> (InstanceActive) e.data()).toList();
            }
            List<EventEnvelope> failed = kafka.await(Topics.MIGRATION_FAILED, e -> migrationId.equals(e.migrationId())
                    && !((MigrationFailed) e.data()).reason().startsWith("waiting for capacity"), 1, Duration.ofMillis(500));
            if (!failed.isEmpty()) {
                throw new AssertionError("expected " + count + " instance.active, got " + found.size()
                        + "; migration.failed: " + failed.get(0).data());
            }
        }
        throw new AssertionError("expected " + count + " instance.active, got " + found.size() + " within 180 s");
    }
}
