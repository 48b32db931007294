package io.traverse.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.traverse.testbed.openstack.OpenStackTestbed;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.openstack4j.model.compute.Flavor;
import org.openstack4j.model.identity.v3.Token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against the real OpenStack testbed (started or reused by OpenStackTestbed). Creates only an app credential, and deletes it. */
class OpenStackClientsTest {

    @Test
    void oneTokenServesEveryThreadEachWithItsOwnClient() throws Exception {
        OpenStackClients clients = new OpenStackClients(TestConfigs.testbed(Map.of()));
        Token first = clients.token();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<CompletableFuture<List<String>>> calls = List.of(1, 2, 3).stream()
                    .map(i -> CompletableFuture.supplyAsync(() -> clients.client().compute().flavors().list()
                            .stream().map(Flavor::getName).map(String::valueOf).toList(), pool))
                    .toList();
            for (var c : calls) {
                assertTrue(c.get().containsAll(List.of("m1.tiny", "m1.small-bfv", "m2.2", "m8.20")), c.get().toString());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(first.getId(), clients.token().getId(), "reused, not re-authenticated");
        assertFalse(clients.projectId().isBlank());
    }

    @Test
    void tokenIsReplacedWithinTheRefreshMarginOfItsExpiry() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(ZoneId zone) { return this; }
            @Override public Instant instant() { return now.get(); }
        };
        OpenStackClients clients = new OpenStackClients(TestConfigs.testbed(Map.of()), clock);
        Token first = clients.token();
        Instant expires = first.getExpires().toInstant();
        now.set(expires.minus(Duration.ofMinutes(11)));
        assertEquals(first.getId(), clients.token().getId());
        now.set(expires.minus(Duration.ofMinutes(9))); // inside the default 10 min margin
        Token second = clients.token();
        assertNotEquals(first.getId(), second.getId());
        clients.invalidate();
        assertNotEquals(second.getId(), clients.token().getId());
    }

    @Test
    void restCallsUseTheCatalogAndTheSameToken() {
        OpenStackClients clients = new OpenStackClients(TestConfigs.testbed(Map.of()));
        JsonNode nets = clients.rest().get("network", "/v2.0/networks?name=frontier-net");
        assertEquals(1, nets.get("networks").size());
        assertTrue(clients.rest().endpoint("compute").startsWith("http://"));
        String missing = "/v2.0/ports/00000000-0000-0000-0000-000000000000";
        OpenStackException e = assertThrows(OpenStackException.class, () -> clients.rest().get("network", missing));
        assertEquals(404, e.status());
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("PortNotFound"), e.getMessage());
        assertFalse(clients.rest().delete("network", missing));
    }

    @Test
    void adminIdentityIsOptionalAndSeparate() {
        OpenStackClients clients = new OpenStackClients(TestConfigs.testbed(Map.of()));
        assertTrue(clients.adminClient().isPresent());
        assertEquals("admin", clients.adminClient().get().getToken().getUser().getName());
        assertEquals("traverse", clients.client().getToken().getUser().getName());

        Map<String, String> memberOnly = new HashMap<>();
        OpenStackTestbed.start().config().forEach((k, v) -> {
            if (!k.startsWith("traverse.openstack.admin.")) {
                memberOnly.put(k, v);
            }
        });
        assertTrue(new OpenStackClients(TestConfigs.of(memberOnly)).adminClient().isEmpty());
    }

    @Test
    void aWrongPasswordIsA401ThatNamesTheUserButNotThePassword() {
        OpenStackConfig config = TestConfigs.testbed(Map.of("traverse.openstack.password", "wrong-S3cret"));
        OpenStackClients clients = new OpenStackClients(config);
        OpenStackException e = assertThrows(OpenStackException.class, clients::token);
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("traverse"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-S3cret"));
        assertFalse(config.describe().contains("wrong-S3cret"));
        HealthCheckResponse health = new OpenStackReadinessCheck(clients).call();
        assertEquals(HealthCheckResponse.Status.DOWN, health.getStatus());
        assertFalse(health.getData().orElseThrow().toString().contains("wrong-S3cret"));
    }

    @Test
    void readinessIsUpWithAWorkingIdentityAndDownWithoutAuthUrl() {
        var up = new OpenStackReadinessCheck(new OpenStackClients(TestConfigs.testbed(Map.of()))).call();
        assertEquals(HealthCheckResponse.Status.UP, up.getStatus());
        var down = new OpenStackReadinessCheck(new OpenStackClients(TestConfigs.of(Map.of()))).call();
        assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
        assertTrue(down.getData().orElseThrow().get("error").toString().contains("auth-url"));
    }

    @Test
    void anApplicationCredentialLogsInThroughKeystoneDirectly() {
        OpenStackClients member = new OpenStackClients(TestConfigs.testbed(Map.of()));
        String userId = member.token().getUser().getId();
        JsonNode created = member.rest().post("identity", "/users/" + userId + "/application_credentials",
                Map.of("application_credential", Map.of("name", "traverse-test-" + System.nanoTime())));
        String id = created.get("application_credential").get("id").asText();
        String secret = created.get("application_credential").get("secret").asText();
        try {
            OpenStackClients app = new OpenStackClients(TestConfigs.testbed(Map.of(
                    "traverse.openstack.application-credential-id", id,
                    "traverse.openstack.application-credential-secret", secret)));
            assertTrue(app.client().compute().flavors().list().stream().anyMatch(f -> "m2.2".equals(f.getName())));
            assertEquals(member.projectId(), app.projectId());
            assertTrue(app.config().describe().contains(id));
            assertFalse(app.config().describe().contains(secret));
        } finally {
            member.rest().delete("identity", "/users/" + userId + "/application_credentials/" + id);
        }
    }
}
