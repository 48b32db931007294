package io.traverse.migration.support;

import io.restassured.http.ContentType;
import io.traverse.events.EventEnvelope;
import io.traverse.testbed.EventTestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Small helpers the API tests share. */
public final class Api {

    private static final AtomicInteger NEXT_VM = new AtomicInteger((int) (System.nanoTime() % 100_000) * 10 + 100_000);

    private Api() {
    }

    /** A VM id nobody else in this test JVM (or an earlier run against the same database) uses. */
    public static String freshVmId() {
        return "vm-" + NEXT_VM.incrementAndGet() + (System.currentTimeMillis() % 1000);
    }

    public static String startOne(String vmId, String vmName, String mode) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("vmId", vmId, "vmName", vmName, "mode", mode))
                .when().post("/api/migrations")
                .then().statusCode(202).extract().path("id");
    }

    public static String startWarm(String vmId, String vmName, Map<String, Object> extra) {
        var body = new java.util.HashMap<String, Object>(Map.of("vmId", vmId, "vmName", vmName, "mode", "WARM"));
        body.putAll(extra);
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/migrations")
                .then().statusCode(202).extract().path("id");
    }

    public static void awaitState(String id, String state) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/migrations/" + id).then().statusCode(200).body("state", equalTo(state)));
    }

    public static void sendAll(EventTestClient kafka, List<EventEnvelope> events) {
        events.forEach(kafka::send);
    }

    public static UUID uuid(String id) {
        return UUID.fromString(id);
    }
}
