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

    private static List<JsonNode> mine(List<JsonNode> all, String id) {
        return all.stream().filter(c -> c.get("migrationId").asText().equals(id)).toList();
    }
}
