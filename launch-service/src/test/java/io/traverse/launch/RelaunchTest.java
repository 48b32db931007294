package io.traverse.launch;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.events.EventEnvelope;
import io.traverse.events.Firmware;
import io.traverse.events.InstanceActive;
import io.traverse.events.MigrationFailed;
import io.traverse.events.Phase;
import io.traverse.events.PortMapping;
import io.traverse.events.Topics;
import io.traverse.events.VmConverted;
import io.traverse.events.VmMapped;
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
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * migration-api's retry of a failed launch: launch-service gets the VM's vm.converted again and must launch once
 * more without making a second server, reusing what the failed attempt created. On the real OpenStack testbed the
 * first attempt boots the server to ACTIVE, but the port does not show the address the request expects, so after
 * {@code traverse.launch.ip-check.timeout} the launch fails, retryable, and the server stays. The retry (expecting
 * the address the port really has) adopts that server: one server, the same id, the volume and the port attached
 * to it once.
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(OpenStackTestResource.class)
@WithTestResource(FakeDiscovery.class)
class RelaunchTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    OpenStackClients clients;

    @Test
    void aRelaunchAfterARetryableFailureAdoptsTheServerOfTheFailedAttempt() {
        Target target = new Target(clients);
        target.sweepLeftovers();
        Target.Prepared p = target.prepare(1, Firmware.BIOS);
        UUID id = p.migrationId();
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            VmConverted right = target.converted(p, target.tiny(), Firmware.BIOS, "otherGuest");
            PortMapping port = p.ports().get(0);
            PortMapping wrongAddress = new PortMapping(port.sourceMac(), port.networkId(), port.subnetId(),
                    port.portId(), "198.51.100.7", port.macPreserved(), port.securityGroups(), port.ipPreserved(), port.note());
            VmMapped m = right.mapping();
            VmConverted expectsWrongAddress = new VmConverted(right.path(), right.tool(), right.toolVersion(),
                    right.reason(), right.volumeIds(), new VmMapped(m.request(), m.vm(), m.flavor(),
                    m.availabilityZone(), List.of(wrongAddress), m.volumeTypes()));

            kafka.send(EventEnvelope.of("conversion-worker", id, expectsWrongAddress));
            MigrationFailed failed = (MigrationFailed) kafka.await(Topics.MIGRATION_FAILED,
                            e -> id.equals(e.migrationId()), 1, Duration.ofSeconds(240)).stream().findFirst()
                    .orElseThrow(() -> new AssertionError("no migration.failed for " + id)).data();
            assertEquals(Phase.LAUNCH, failed.phase());
            assertTrue(failed.retryable(), failed.reason());
            assertTrue(failed.reason().contains("network is not as expected"), failed.reason());
            List<JsonNode> left = target.serversOf(id);
            assertEquals(1, left.size(), "the failed attempt's server stays for the retry");
            String firstServer = left.get(0).path("id").asText();

            // migration-api's retry: the same migration's vm.converted again
            kafka.send(EventEnvelope.of("migration-api", id, right));
            EventEnvelope activeEvent = kafka.await(Topics.INSTANCE_ACTIVE, e -> id.equals(e.migrationId()), 1,
                    Duration.ofSeconds(180)).stream().findFirst()
                    .orElseThrow(() -> new AssertionError("no instance.active after the relaunch of " + id));
            InstanceActive active = (InstanceActive) activeEvent.data();
            assertEquals(firstServer, active.instanceId(), "the server of the failed attempt is adopted");
            assertTrue(active.ipAddresses().contains(port.fixedIp()), active.ipAddresses().toString());
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> target.serversOf(id).size() == 1);
            JsonNode server = target.server(firstServer);
            assertEquals(1, server.path("os-extended-volumes:volumes_attached").size(), "the volume attached once");
            assertEquals(firstServer, target.portJson(port.portId()).path("device_id").asText());
            given().get("/api/launches/" + id).then().statusCode(200)
                    .body("state", equalTo("ACTIVE"))
                    .body("instanceId", equalTo(firstServer))
                    .body("attempts", equalTo(2));
        } finally {
            target.sweep(id);
        }
    }
}
