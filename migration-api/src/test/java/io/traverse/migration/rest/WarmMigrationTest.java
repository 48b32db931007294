package io.traverse.migration.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.traverse.events.DiskSyncRequested;
import io.traverse.events.EventEnvelope;
import io.traverse.events.Topics;
import io.traverse.migration.support.FakeInventory;
import io.traverse.migration.support.WithEventClient;
import io.traverse.testbed.SampleEvents;
import io.traverse.testbed.TraverseTestbed;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.traverse.migration.support.Api.awaitState;
import static io.traverse.migration.support.Api.freshVmId;
import static io.traverse.migration.support.Api.startWarm;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Warm migration: pre-copy rounds on the plan's interval, then a manual or automatic cutover. */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(FakeInventory.class)
@TestSecurity(user = "olivia", roles = "operator")
class WarmMigrationTest extends WithEventClient {

    private List<DiskSyncRequested> roundsRequested(String id, int count) {
        return kafka.await(Topics.DISK_SYNC_REQUESTED, e -> e.migrationId().toString().equals(id), count,
                Duration.ofSeconds(30)).stream().map(e -> (DiskSyncRequested) e.data()).toList();
    }

    private SampleEvents throughMapping(String id) {
        SampleEvents s = new SampleEvents(UUID.fromString(id));
        kafka.send(s.vmDiscovered());
        kafka.send(s.vmSized());
        kafka.send(s.vmMapped());
        awaitState(id, "PRECOPYING");
        return s;
    }

    @Test
    void preCopyRoundsFollowOnTheIntervalUntilAManualCutover() {
        String id = startWarm(freshVmId(), "warm-manual", Map.of("precopyInterval", "PT1S", "cutoverPolicy", "MANUAL"));
        SampleEvents s = throughMapping(id);
        kafka.send(s.diskSynced(1, false));
        List<DiskSyncRequested> rounds = roundsRequested(id, 1);
        assertEquals(new DiskSyncRequested(2, false, true), rounds.get(0), "round 2, a CBT delta, after the interval");
        given().get("/api/migrations/" + id).then()
                .body("state", equalTo("PRECOPYING"))
                .body("sync.round", equalTo(2))
                .body("cutover.reason", containsString("manual cutover"));

        kafka.send(s.diskSynced(2, false));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/migrations/" + id).then().body("sync.inFlight", equalTo(false))
                        .body("sync.dirtyRateBytesPerSecond", notNullValue()));
        int finalRound = given().post("/api/migrations/" + id + "/cutover").then().statusCode(202)
                .body("state", equalTo("CUTTING_OVER"))
                .body("sync.cutoverRound", equalTo(true))
                .extract().path("sync.round");
        List<DiskSyncRequested> all = roundsRequested(id, finalRound - 1); // rounds 2 … final were requested by us
        DiskSyncRequested last = all.get(all.size() - 1);
        assertEquals(new DiskSyncRequested(finalRound, true, true), last, "the final round is a delta after the pre-copies");
        assertTrue(finalRound >= 3);

        kafka.send(s.diskSynced(last.round(), true));
        awaitState(id, "CONVERTING");
        given().get("/api/migrations/" + id + "/timeline").then()
                .body("findAll { it.toState == 'CUTTING_OVER' && it.fromState == 'PRECOPYING' }.detail[0]",
                        containsString("cutover requested by olivia"));
    }

    @Test
    void automaticCutoverHappensWhenThePredictedDowntimeFitsTheTarget() {
        String id = startWarm(freshVmId(), "warm-auto", Map.of("precopyInterval", "PT1S", "cutoverPolicy", "AUTO",
                "downtimeTarget", "PT5M"));
        SampleEvents s = throughMapping(id);
        kafka.send(s.diskSynced(1, false));
        assertEquals(2, roundsRequested(id, 1).get(0).round());
        given().get("/api/migrations/" + id).then().body("cutover.reason", containsString("dirty rate"));
        kafka.send(s.diskSynced(2, false));
        awaitState(id, "CUTTING_OVER");
        given().get("/api/migrations/" + id).then()
                .body("cutover.reason", containsString("automatic cutover: predicted downtime"))
                .body("cutover.predictedDowntimeSeconds", greaterThan(59.0f));
    }

    @Test
    void thePredictionUsesTheRoundDurationTheWorkerMeasured() {
        String id = startWarm(freshVmId(), "warm-measured", Map.of("precopyInterval", "PT1S", "cutoverPolicy", "AUTO",
                "downtimeTarget", "PT5M"));
        SampleEvents s = throughMapping(id);
        kafka.send(s.diskSynced(1, false, 10L << 30, 100_000));
        roundsRequested(id, 1);
        // round 2 moved 64 MiB in 2 s of copying: 32 MiB/s, whatever the time it waited for a Job slot
        kafka.send(s.diskSynced(2, false, 64L << 20, 2_000));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/migrations/" + id).then()
                .body("sync.lastRoundBytes", equalTo(64 << 20))
                .body("sync.lastRoundSeconds", equalTo(2.0f))
                .body("sync.throughputBytesPerSecond", equalTo((float) (32 << 20)))
                .body("cutover.reason", containsString("at 32.0 MiB/s as the last round moved 64.0 MiB in 2.0 s")));
    }

    @Test
    void noAutomaticCutoverWhenThePredictionExceedsTheTargetAndTheReasonSaysWhy() {
        String id = startWarm(freshVmId(), "warm-tight", Map.of("precopyInterval", "PT1S", "cutoverPolicy", "AUTO",
                "downtimeTarget", "PT30S"));
        SampleEvents s = throughMapping(id);
        kafka.send(s.diskSynced(1, false));
        roundsRequested(id, 1);
        kafka.send(s.diskSynced(2, false));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/migrations/" + id).then()
                .body("state", equalTo("PRECOPYING"))
                .body("cutover.reason", containsString("no automatic cutover yet: predicted downtime"))
                .body("cutover.reason", containsString("target of 30 s")));
        assertTrue(roundsRequested(id, 2).stream().noneMatch(DiskSyncRequested::cutover));
    }

    @Test
    void aColdMigrationHasNoSeparateCutover() {
        String id = io.traverse.migration.support.Api.startOne(freshVmId(), "cold-one", "COLD");
        given().post("/api/migrations/" + id + "/cutover").then().statusCode(409)
                .body("detail", containsString("cold migration"));
    }

    @SuppressWarnings("unused")
    private static EventEnvelope none() {
        return null;
    }
}
