package io.traverse.discovery.vcenter;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.traverse.events.EventEnvelope;
import io.traverse.events.MigrationFailed;
import io.traverse.events.MigrationMode;
import io.traverse.events.MigrationRequested;
import io.traverse.events.Phase;
import io.traverse.events.Topics;
import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.TraverseTestbed;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing listens at the configured vCenter address: the service starts anyway, reports not ready, retries, and a
 * requested migration fails with a retryable migration.failed instead of hanging, even though the retries take longer
 * than a database transaction may last (Phase 1 reads vCenter before its short transaction).
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@TestProfile(UnreachableVcenterTest.Unreachable.class)
class UnreachableVcenterTest {

    public static class Unreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int closed;
            try (ServerSocket s = new ServerSocket(0)) {
                closed = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("traverse.vcenter.url", "https://127.0.0.1:" + closed + "/sdk",
                    "traverse.vcenter.username", "traverse",
                    "traverse.vcenter.password", "irrelevant",
                    "traverse.vcenter.insecure", "true",
                    // the retries (1.5 s + 3 s) outlast a 2 s transaction timeout: the vCenter read must happen
                    // outside the consumer's transaction, or the outcome would be rolled back
                    "io.traverse.discovery.vcenter.VsphereGateway/readVm/Retry/maxRetries", "2",
                    "io.traverse.discovery.vcenter.VsphereGateway/readVm/Retry/delay", "1500",
                    "quarkus.transaction-manager.default-transaction-timeout", "2s");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void notReadyButAliveAndRequestsFailRetryably() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'vCenter connection' }.data.state", equalTo("UNREACHABLE"))
                .body("checks.find { it.name == 'vCenter connection' }.data.error", containsString("unreachable"));
        given().get("/q/health/live").then().statusCode(200);

        EventEnvelope trigger = EventEnvelope.of("migration-api", UUID.randomUUID(), new MigrationRequested(UUID.randomUUID(),
                1, "vm-42", "DC0_C0_RP0_VM0", MigrationMode.COLD, null, null, List.of(), "test"));
        // Kafka loads its metrics reporter through the context class loader; after a Quarkus restart that has once
        // been another loader than the one of the client's classes (ClassCastException: JmxReporter), so pin it
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(EventTestClient.class.getClassLoader());
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            kafka.send(trigger);
            List<EventEnvelope> out = kafka.await(Topics.MIGRATION_FAILED, e -> trigger.migrationId().equals(e.migrationId()),
                    1, Duration.ofSeconds(60));
            assertEquals(1, out.size());
            MigrationFailed failed = (MigrationFailed) out.get(0).data();
            assertEquals(Phase.DISCOVERY, failed.phase());
            assertTrue(failed.retryable(), "vCenter may come back");
            assertTrue(failed.reason().contains("unreachable"), failed.reason());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
