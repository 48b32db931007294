package io.traverse.migration.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.traverse.events.EventEnvelope;
import io.traverse.events.InstanceActive;
import io.traverse.events.Topics;
import io.traverse.migration.support.FakeInventory;
import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.TraverseTestbed;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static io.traverse.migration.support.Api.freshVmId;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Admission under load: the concurrency limit holds when 30 starts arrive at the same moment. */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(FakeInventory.class)
@TestProfile(AdmissionTest.LimitOfFive.class)
@TestSecurity(user = "ada", roles = "admin")
class AdmissionTest {

    /** A global limit of five migrations in flight. */
    public static class LimitOfFive implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("traverse.orchestration.admission.max-concurrent", "5");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void thirtySimultaneousStartsNeverHaveMoreThanTheLimitInFlight() throws Exception {
        given().post("/api/admin/reset").then().statusCode(200); // earlier classes' migrations leave the count
        String marker = "adm-" + UUID.randomUUID().toString().substring(0, 6);
        ExecutorService pool = Executors.newFixedThreadPool(30);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> calls = new ArrayList<>();
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 30; i++) {
            String vmId = freshVmId();
            String name = marker + "-" + i;
            calls.add(pool.submit(() -> {
                go.await();
                long t0 = System.nanoTime();
                String id = given().contentType(ContentType.JSON)
                        .body(Map.of("vmId", vmId, "vmName", name, "mode", "COLD"))
                        .post("/api/migrations").then().statusCode(202).extract().path("id");
                ids.add(id);
                return (System.nanoTime() - t0) / 1_000_000;
            }));
        }
        go.countDown();
        List<Long> millis = new ArrayList<>();
        for (Future<Long> f : calls) {
            millis.add(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        // while admission works through the queue, never more than five are in flight
        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < deadline) {
            int migrating = given().get("/api/fleet/summary").then().extract().path("migrating");
            assertTrue(migrating <= 5, "in flight: " + migrating);
            Thread.onSpinWait();
        }
        given().get("/api/fleet/summary").then().body("migrating", equalTo(5)).body("queued", equalTo(25));

        // one finishes: exactly one more is admitted
        String first = given().queryParam("vm", marker).queryParam("state", "DISCOVERING").get("/api/migrations")
                .then().extract().path("items[0].id");
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            kafka.send(EventEnvelope.of("launch-service", UUID.fromString(first), new InstanceActive("i-1", "migrated-x",
                    "m1.tiny", null, List.of(), List.of())));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/fleet/summary").then()
                    .body("migrated", equalTo(1)).body("migrating", equalTo(5)).body("queued", equalTo(24)));
            assertEquals(6, kafka.await(Topics.MIGRATION_REQUESTED, e -> ids.contains(e.migrationId().toString()), 7,
                    Duration.ofSeconds(5)).size(), "one migration.requested per admitted migration, no more");
        }
        millis.sort(Long::compare);
        System.out.println("30 simultaneous starts: median " + millis.get(15) + " ms, max " + millis.get(29) + " ms");
    }
}
