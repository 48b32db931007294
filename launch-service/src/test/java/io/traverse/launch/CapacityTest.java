package io.traverse.launch;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.events.EventEnvelope;
import io.traverse.events.Firmware;
import io.traverse.events.MigrationCancelled;
import io.traverse.events.MigrationFailed;
import io.traverse.events.Phase;
import io.traverse.events.Topics;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Seven VMs converted at once against the default limit of five Traverse instances (the integration guide's shared
 * environment): five launch, two wait in WAITING_CAPACITY (signalled once each as a retryable LAUNCH failure, which
 * migration-api shows as WAITING_CAPACITY) and start when two migrations are cancelled and cleaned up. A sampler
 * counts the servers on the real Nova all along: never more than five.
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(OpenStackTestResource.class)
@WithTestResource(FakeDiscovery.class)
class CapacityTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "traverse.launch.capacity.max-instances")
    int maxInstances;

    @Inject
    OpenStackClients clients;

    @Test
    void shouldLaunchFiveOfSevenAndLetTwoWaitUntilCapacityFreesUp() throws Exception {
        assertEquals(5, maxInstances, "the default limit");
        Target target = new Target(clients);
        target.sweepLeftovers();
        List<String> foreign = target.foreignTraverseServers();
        // the guard counts every Traverse instance in the project, as it must on a shared target; another Traverse
        // stack using the same testbed takes slots this test cannot predict
        assumeTrue(foreign.isEmpty(), "another Traverse stack has instances on the shared testbed: " + foreign);
        List<Target.Prepared> vms = new ArrayList<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicInteger most = new AtomicInteger();
        Thread sampler = null;
        try {
            for (int i = 0; i < 7; i++) {
                vms.add(target.prepare(1, Firmware.BIOS));
            }
            Set<UUID> ids = new HashSet<>();
            vms.forEach(v -> ids.add(v.migrationId()));
            sampler = Thread.ofVirtual().start(() -> {
                while (sampling.get()) {
                    try {
                        int n = (int) target.testServers().stream().count();
                        most.accumulateAndGet(n, Math::max);
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        // a failed sample is not a result
                    }
                }
            });
            try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
                for (Target.Prepared v : vms) {
                    kafka.send(EventEnvelope.of("conversion-worker", v.migrationId(),
                            target.converted(v, target.tiny(), Firmware.BIOS, "otherGuest")));
                }
                List<EventEnvelope> active = kafka.await(Topics.INSTANCE_ACTIVE, e -> ids.contains(e.migrationId()), 5,
                        Duration.ofSeconds(300));
                assertEquals(5, active.size(), "five launched");
                List<EventEnvelope> waiting = kafka.await(Topics.MIGRATION_FAILED, e -> ids.contains(e.migrationId()), 2,
                        Duration.ofSeconds(30));
                assertEquals(2, waiting.size(), "two told migration-api they wait");
                for (EventEnvelope w : waiting) {
                    MigrationFailed f = (MigrationFailed) w.data();
                    assertEquals(Phase.LAUNCH, f.phase());
                    assertTrue(f.retryable(), "waiting is not a failure");
                    assertTrue(f.reason().startsWith("waiting for capacity: "), f.reason());
                    given().get("/api/launches/" + w.migrationId()).then().statusCode(200)
                            .body("state", equalTo("WAITING_CAPACITY")).body("detail", startsWith("waiting for capacity"));
                }
                assertEquals(5, kafka.await(Topics.INSTANCE_ACTIVE, e -> ids.contains(e.migrationId()), 6,
                        Duration.ofSeconds(5)).size(), "still five: the two wait");

                // two migrations are cancelled: their instances are cleaned up and the waiting two start
                for (EventEnvelope a : active.subList(0, 2)) {
                    kafka.send(EventEnvelope.of("migration-api", a.migrationId(), new MigrationCancelled("rollback", "test")));
                }
                List<EventEnvelope> all = kafka.await(Topics.INSTANCE_ACTIVE, e -> ids.contains(e.migrationId()), 7,
                        Duration.ofSeconds(300));
                assertEquals(7, all.size(), "the waiting two launched once capacity freed up");
                Set<UUID> late = new HashSet<>();
                all.subList(5, 7).forEach(e -> late.add(e.migrationId()));
                Set<UUID> waited = new HashSet<>();
                waiting.forEach(e -> waited.add(e.migrationId()));
                assertEquals(waited, late);
                assertEquals(2, kafka.await(Topics.MIGRATION_FAILED, e -> ids.contains(e.migrationId()), 3,
                        Duration.ofSeconds(3)).size(), "each wait signalled once, no failure");
            }
            sampling.set(false);
            sampler.join(5000);
            assertTrue(most.get() <= 5, "at most 5 Traverse instances at any time, saw " + most.get());
            assertTrue(most.get() == 5, "the limit was reached, saw " + most.get());
        } finally {
            sampling.set(false);
            for (Target.Prepared v : vms) {
                target.sweep(v.migrationId());
            }
        }
    }
}
