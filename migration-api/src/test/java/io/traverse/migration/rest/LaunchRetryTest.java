package io.traverse.migration.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.traverse.events.EventEnvelope;
import io.traverse.events.InstanceActive;
import io.traverse.events.MigrationFailed;
import io.traverse.events.Phase;
import io.traverse.events.Topics;
import io.traverse.events.VmConverted;
import io.traverse.migration.engine.MigrationEngine;
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
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A launch that fails for a reason other than capacity (Nova timed out, the instance went to ERROR...) and may work
 * on a second try is retried from the launch: migration-api asks launch-service to launch again by sending the VM's
 * {@code vm.converted} once more, with backoff, counting attempts against the plan's maxAttempts. The disks are
 * synced and converted already, so no sync round is requested again, and the VM never shows WAITING_CAPACITY.
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(FakeInventory.class)
@TestSecurity(user = "olivia", roles = "operator")
class LaunchRetryTest extends WithEventClient {

    @Test
    void aRetryableLaunchFailureLaunchesAgainWithoutANewSyncAndFailsWithTheReasonWhenAttemptsRunOut() {
        SampleEvents s = atLaunching("launch-retry");
        String id = s.migrationId().toString();
        int roundsBefore = syncRoundsRequested(id).size();

        kafka.send(launchFailed(s, "server 5d1c still BUILD after 10m"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/migrations/" + id).then()
                .body("state", equalTo("LAUNCHING"))
                .body("retry.attempts", equalTo(1))
                .body("failure", equalTo("LAUNCH: server 5d1c still BUILD after 10m")));
        List<VmConverted> relaunches = relaunchesRequested(id, 1);
        assertEquals(1, relaunches.size(), "launch-service is asked to launch again");
        VmConverted original = (VmConverted) s.vmConverted().data();
        assertEquals(original.volumeIds(), relaunches.get(0).volumeIds(), "the same converted volumes");
        assertEquals(original.mapping(), relaunches.get(0).mapping(), "the same flavor, ports and zone");

        kafka.send(launchFailed(s, "OpenStack: POST compute /servers: HTTP 503 Service Unavailable"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/migrations/" + id).then()
                .body("retry.attempts", equalTo(2)));
        assertEquals(2, relaunchesRequested(id, 2).size(), "a second relaunch after the second failure");

        kafka.send(launchFailed(s, "server 5d1c still BUILD after 10m"));
        awaitState(id, "FAILED");
        given().get("/api/migrations/" + id).then()
                .body("failure", equalTo("LAUNCH: server 5d1c still BUILD after 10m"))
                .body("phaseDetail", containsString("attempts used up"))
                .body("timeline.toState", not(hasItem("WAITING_CAPACITY")));
        assertEquals(roundsBefore, syncRoundsRequested(id).size(), "no disk sync requested again for a launch retry");

        // an operator's retry starts from the launch too, and the instance coming up finishes the migration
        given().post("/api/migrations/" + id + "/retry").then().statusCode(202).body("state", equalTo("LAUNCHING"));
        assertEquals(3, relaunchesRequested(id, 3).size(), "the operator's retry asks for the launch again");
        kafka.send(EventEnvelope.of("launch-service", s.migrationId(), new InstanceActive(UUID.randomUUID().toString(),
                "migrated-launch-retry", "m1.tiny", null, List.of("10.20.0.41"), List.of("port-1"))));
        awaitState(id, "MIGRATED");
        assertEquals(roundsBefore, syncRoundsRequested(id).size(), "still no new sync round");
    }

    @Test
    void aLaunchThatFailsAfterWaitingForCapacityIsLaunchedAgainNotLeftWaiting() {
        SampleEvents s = atLaunching("launch-retry-after-wait");
        String id = s.migrationId().toString();
        kafka.send(launchFailed(s, "waiting for capacity: 5 of 5 Traverse instances on the target; the launch starts "
                + "when capacity frees up"));
        awaitState(id, "WAITING_CAPACITY");

        // capacity freed up, launch-service started the launch, and Nova put the server in ERROR
        kafka.send(launchFailed(s, "instance migrated-x is ACTIVE but its network is not as expected after 2m"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/migrations/" + id).then()
                .body("state", equalTo("LAUNCHING"))
                .body("retry.attempts", equalTo(1)));
        assertEquals(1, relaunchesRequested(id, 1).size(), "launch-service is asked to launch again");
    }

    @Test
    void aRetryOfALaunchThatFailedBeforeItsVmConvertedArrivedStillLaunchesFromTheConvertedVolumes() {
        String id = Api.startOne(Api.freshVmId(), "launch-retry-late-converted", "COLD");
        SampleEvents s = new SampleEvents(UUID.fromString(id));
        kafka.send(s.vmDiscovered());
        kafka.send(s.vmSized());
        kafka.send(s.vmMapped());
        awaitState(id, "CUTTING_OVER");
        kafka.send(s.diskSynced(1, true));
        awaitState(id, "CONVERTING");
        int roundsBefore = syncRoundsRequested(id).size();
        // topics are not ordered against each other: launch-service's failure is counted before vm.converted
        kafka.send(EventEnvelope.of("launch-service", s.migrationId(),
                new MigrationFailed(Phase.LAUNCH, "volume 0c7e1a2b-volume is error, not available", false)));
        awaitState(id, "FAILED");
        kafka.send(s.vmConverted());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/migrations/" + id).then()
                .body("timeline.type", hasItem("vm.converted")));

        given().post("/api/migrations/" + id + "/retry").then().statusCode(202).body("state", equalTo("LAUNCHING"));
        assertEquals(1, relaunchesRequested(id, 1).size(), "launch-service is asked to launch again");
        assertEquals(roundsBefore, syncRoundsRequested(id).size(), "no disk sync requested again");
    }

    private static EventEnvelope launchFailed(SampleEvents s, String reason) {
        return EventEnvelope.of("launch-service", s.migrationId(), new MigrationFailed(Phase.LAUNCH, reason, true));
    }

    /** The vm.converted migration-api sent to have the VM launched again (not the conversion-worker's own). */
    private List<VmConverted> relaunchesRequested(String id, int atLeast) {
        return kafka.await(Topics.VM_CONVERTED, e -> e.migrationId().toString().equals(id)
                        && MigrationEngine.SOURCE.equals(e.source()), atLeast, Duration.ofSeconds(30)).stream()
                .map(e -> (VmConverted) e.data()).toList();
    }

    /** Every sync round requested for the migration so far (reads the topic for a few seconds). */
    private List<EventEnvelope> syncRoundsRequested(String id) {
        return kafka.await(Topics.DISK_SYNC_REQUESTED, e -> e.migrationId().toString().equals(id), Integer.MAX_VALUE,
                Duration.ofSeconds(4));
    }
}
