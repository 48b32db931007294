package io.traverse.migration.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.traverse.events.EventEnvelope;
import io.traverse.events.InstanceActive;
import io.traverse.events.MigrationFailed;
import io.traverse.events.Phase;
import io.traverse.events.Topics;
import io.traverse.migration.support.Api;
import io.traverse.migration.support.FakeInventory;
import io.traverse.migration.support.WithEventClient;
import io.traverse.testbed.SampleEvents;
import io.traverse.testbed.TraverseTestbed;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.traverse.migration.support.Api.awaitState;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * launch-service reports a full target as a retryable LAUNCH failure whose reason starts "waiting for capacity:"
 * and keeps the launch queued. migration-api must show WAITING_CAPACITY and wait: no retry, no new sync round.
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(FakeInventory.class)
@TestSecurity(user = "olivia", roles = "operator")
class CapacityWaitTest extends WithEventClient {

    @Test
    void aMigrationQueuedForCapacityWaitsWithoutRetryingAndFinishesWhenTheInstanceComesUp() throws Exception {
        SampleEvents s = atLaunching("capacity-wait");
        String id = s.migrationId().toString();

        kafka.send(EventEnvelope.of("launch-service", s.migrationId(), new MigrationFailed(Phase.LAUNCH,
                "waiting for capacity: 5 of 5 Traverse instances on the target; the launch starts when capacity frees up",
                true)));
        awaitState(id, "WAITING_CAPACITY");
        given().get("/api/migrations/" + id).then().body("phaseDetail", startsWith("waiting for capacity:"));
        int roundsBefore = syncRoundsRequested(id).size();

        // a retry would come after the first backoff (seconds) and request the final sync again
        Thread.sleep(Duration.ofSeconds(15));
        assertEquals(roundsBefore, syncRoundsRequested(id).size(), "no new sync round while waiting for capacity");
        given().get("/api/migrations/" + id).then().body("state", org.hamcrest.Matchers.equalTo("WAITING_CAPACITY"));

        kafka.send(EventEnvelope.of("launch-service", s.migrationId(), new InstanceActive(UUID.randomUUID().toString(),
                "migrated-capacity-wait", "m1.tiny", null, List.of("10.20.0.40"), List.of("port-1"))));
        awaitState(id, "MIGRATED");
    }

    /** Every sync round requested for the migration so far (reads the topic for a few seconds). */
    private List<EventEnvelope> syncRoundsRequested(String id) {
        return kafka.await(Topics.DISK_SYNC_REQUESTED, e -> e.migrationId().toString().equals(id), Integer.MAX_VALUE,
                Duration.ofSeconds(4));
    }
}
