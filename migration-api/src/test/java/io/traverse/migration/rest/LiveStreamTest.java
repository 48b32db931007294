package io.traverse.migration.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.traverse.migration.support.FakeInventory;
import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.SampleEvents;
import io.traverse.testbed.TraverseTestbed;
import io.traverse.events.EventEnvelope;
import io.traverse.events.InstanceActive;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static io.traverse.migration.support.Api.freshVmId;
import static io.traverse.migration.support.Api.startOne;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Server-Sent Events stream delivers every state change of a migration, in order. */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(FakeInventory.class)
@TestSecurity(user = "vera", roles = "operator")
class LiveStreamTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/api/fleet/events")
    URI events;

    @Test
    void theStreamDeliversEveryTransitionOfAMigrationInOrder() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        var response = http.sendAsync(HttpRequest.newBuilder(events).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> open = response.get();
        assertEquals(200, open.statusCode());
        Thread reader = new Thread(() -> open.body().forEach(line -> {
            if (line.startsWith("data:")) {
                try {
                    received.add(json.readTree(line.substring(5).trim()));
                } catch (Exception ignored) {
                    // not ours
                }
            }
        }));
        reader.setDaemon(true);
        reader.start();
        Thread.sleep(500); // the subscription is in place before the first change

        String id = startOne(freshVmId(), "sse-vm", "COLD");
        SampleEvents s = new SampleEvents(UUID.fromString(id));
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            for (EventEnvelope e : List.of(s.vmDiscovered(), s.vmSized(), s.vmMapped(), s.diskSynced(1, true),
                    s.vmConverted(), EventEnvelope.of("launch-service", s.migrationId(), new InstanceActive("i", "migrated-sse-vm",
                            "m1.tiny", null, List.of("10.0.0.9"), List.of())))) {
                kafka.send(e);
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> mine(received, id).stream()
                .anyMatch(c -> c.get("to").asText().equals("MIGRATED")));
        List<JsonNode> changes = mine(received, id);
        assertEquals("QUEUED", changes.get(0).get("from").asText());
        for (int i = 1; i < changes.size(); i++) {
            assertEquals(changes.get(i - 1).get("to").asText(), changes.get(i).get("from").asText(),
                    "each change starts where the previous one ended: " + changes);
            assertEquals(changes.get(i - 1).get("version").asLong() < changes.get(i).get("version").asLong(), true);
        }
        assertEquals("MIGRATED", changes.get(changes.size() - 1).get("to").asText());
        open.body().close();
    }

    @Test
    void aClientThatReconnectsWithItsLastEventIdGetsWhatItMissedInOrder() throws Exception {
        Subscription first = Subscription.open(events, Map.of());
        String id = startOne(freshVmId(), "sse-replay", "COLD");
        driveToMigrated(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> first.of(id).stream()
                .anyMatch(c -> c.get("to").asText().equals("MIGRATED")));
        first.close();
        List<JsonNode> all = first.of(id);
        JsonNode lastSeen = all.get(1); // the client saw two changes, then lost its connection
        assertEquals(lastSeen.get("seq").asText(), first.idOf(lastSeen), "the SSE id is the change's seq");

        Subscription byHeader = Subscription.open(events, Map.of("Last-Event-ID", lastSeen.get("seq").asText()));
        Subscription byQuery = Subscription.open(URI.create(events + "?since=" + lastSeen.get("seq").asText()), Map.of());
        List<String> missed = all.subList(2, all.size()).stream().map(c -> c.get("to").asText()).toList();
        for (Subscription again : List.of(byHeader, byQuery)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> again.of(id).stream()
                    .anyMatch(c -> c.get("to").asText().equals("MIGRATED")));
            again.close();
            // a replay may repeat a change the client already had (see LiveConfig.replayOverlap); clients drop those by version
            List<String> replayed = again.of(id).stream()
                    .filter(c -> c.get("version").asLong() > lastSeen.get("version").asLong())
                    .map(c -> c.get("to").asText()).toList();
            assertEquals(missed, replayed, "the changes missed while disconnected, in order, once each");
        }
    }

    @Test
    void aLastEventIdThatIsNotAnIdIsA400() {
        io.restassured.RestAssured.given().header("Last-Event-ID", "yesterday").accept("text/event-stream")
                .get("/api/fleet/events").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("Last-Event-ID"));
    }

    private void driveToMigrated(String id) {
        SampleEvents s = new SampleEvents(UUID.fromString(id));
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            for (EventEnvelope e : List.of(s.vmDiscovered(), s.vmSized(), s.vmMapped(), s.diskSynced(1, true),
                    s.vmConverted(), EventEnvelope.of("launch-service", s.migrationId(), new InstanceActive("i",
                            "migrated-sse-vm", "m1.tiny", null, List.of("10.0.0.9"), List.of())))) {
                kafka.send(e);
            }
        }
    }

    /** One SSE connection: the changes received (data) with their event ids. */
    private static final class Subscription {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final List<JsonNode> received = new CopyOnWriteArrayList<>();
        private final Map<JsonNode, String> ids = new java.util.concurrent.ConcurrentHashMap<>();
        private HttpResponse<Stream<String>> response;

        static Subscription open(URI uri, Map<String, String> headers) throws Exception {
            Subscription sub = new Subscription();
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
            headers.forEach(request::header);
            sub.response = HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()).get();
            assertEquals(200, sub.response.statusCode());
            String[] id = {null};
            Thread reader = new Thread(() -> sub.read(id));
            reader.setDaemon(true);
            reader.start();
            Thread.sleep(500); // the subscription is in place before the first change
            return sub;
        }

        private void read(String[] id) {
            try {
                response.body().forEach(line -> accept(line, id));
            } catch (java.io.UncheckedIOException closed) {
                // the test closed the connection
            }
        }

        private void accept(String line, String[] id) {
            if (line.startsWith("id:")) {
                id[0] = line.substring(3).trim();
            } else if (line.startsWith("data:")) {
                try {
                    JsonNode change = JSON.readTree(line.substring(5).trim());
                    if (id[0] != null) {
                        ids.put(change, id[0]);
                    }
                    received.add(change);
                } catch (Exception ignored) {
                    // not ours
                }
            } else if (line.isEmpty()) {
                id[0] = null;
            }
        }

        List<JsonNode> of(String migrationId) {
            return mine(received, migrationId);
        }

        String idOf(JsonNode change) {
            return ids.get(change);
        }

        void close() {
            response.body().close();
        }
    }

    private static List<JsonNode> mine(List<JsonNode> all, String id) {
        return all.stream().filter(c -> c.get("migrationId").asText().equals(id)).toList();
    }
}
