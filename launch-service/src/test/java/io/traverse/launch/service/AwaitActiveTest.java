package io.traverse.launch.service;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.SmallRyeConfig;
import io.traverse.launch.support.FakeDiscovery;
import io.traverse.testbed.TraverseTestbed;
import io.traverse.testbed.openstack.OpenStackTestResource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.traverse.launch.config.LaunchConfig;
import io.traverse.launch.openstack.TargetCloud;
import io.traverse.launch.openstack.TargetCloud.ServerView;
import io.traverse.openstack.OpenStackException;
import io.traverse.openstack.ProtectedResources;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The polling to ACTIVE on its own, with Nova's answers scripted (the testbed's FakeDriver is ACTIVE within seconds,
 * so a server stuck in BUILD cannot be made there): backoff growth, the timeout, ERROR, transient API errors. A
 * {@code @QuarkusTest} only because SmallRye Fault Tolerance's guards need the running application's implementation;
 * the launcher under test is built by hand around the scripted cloud.
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(OpenStackTestResource.class)
@WithTestResource(FakeDiscovery.class)
class AwaitActiveTest {

    private static LaunchConfig config(String timeout) {
        SmallRyeConfig c = new SmallRyeConfigBuilder().withMapping(LaunchConfig.class)
                .withConverter(java.time.Duration.class, 200,
                        io.quarkus.runtime.configuration.DurationConverter::parseDuration)
                .withDefaultValue("traverse.launch.active.timeout", timeout)
                .withDefaultValue("traverse.launch.active.initial-delay", "20ms")
                .withDefaultValue("traverse.launch.active.max-delay", "160ms")
                .build();
        return c.getConfigMapping(LaunchConfig.class);
    }

    /** Answers poll number n (0-based) with the scripted server; records when each poll came. */
    static final class ScriptedCloud extends TargetCloud {
        final List<Long> polls = new ArrayList<>();
        final IntFunction<ServerView> script;

        ScriptedCloud(IntFunction<ServerView> script) {
            super(null, new ProtectedResources(List.of("ffp-vdi-*")));
            this.script = script;
        }

        boolean deleted;

        @Override
        public Optional<ServerView> server(String id) {
            if (deleted) {
                return Optional.empty();
            }
            polls.add(System.nanoTime());
            return Optional.of(script.apply(polls.size() - 1));
        }

        @Override
        public boolean deleteServer(ServerView s) {
            deleted = true;
            return true;
        }
    }

    static final class NeverCancelled extends LaunchService {
        NeverCancelled() {
            super(null, null, null);
        }

        @Override
        public boolean isCancelled(UUID migrationId) {
            return false;
        }
    }

    private static ServerView server(String status, String fault) {
        return new ServerView("s-1", "migrated-x", status, Map.of(), null, List.of(), fault);
    }

    @Test
    void shouldPollWithGrowingDelaysUntilActive() {
        ScriptedCloud cloud = new ScriptedCloud(n -> server(n < 5 ? "BUILD" : "ACTIVE", null));
        ServerView s = new Launcher(cloud, new NeverCancelled(), config("10s")).awaitActive(UUID.randomUUID(), "s-1");
        assertEquals("ACTIVE", s.status());
        assertEquals(6, cloud.polls.size());
        long first = cloud.polls.get(1) - cloud.polls.get(0);
        long later = cloud.polls.get(5) - cloud.polls.get(4);
        assertTrue(later > first * 2, "backoff grows: first gap " + first / 1_000_000 + " ms, last " + later / 1_000_000 + " ms");
    }

    @Test
    void shouldGiveUpRetryablyWhenTheServerStaysInBuild() {
        ScriptedCloud cloud = new ScriptedCloud(n -> server("BUILD", null));
        long t0 = System.nanoTime();
        Launcher.LaunchFailure f = assertThrows(Launcher.LaunchFailure.class,
                () -> new Launcher(cloud, new NeverCancelled(), config("600ms")).awaitActive(UUID.randomUUID(), "s-1"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(f.retryable);
        assertTrue(f.getMessage().contains("still BUILD"), f.getMessage());
        assertTrue(ms >= 500 && ms < 5000, "gave up after the timeout, took " + ms + " ms");
    }

    @Test
    void shouldFailWithNovasFaultOnError() {
        ScriptedCloud cloud = new ScriptedCloud(n -> n < 2 ? server("BUILD", null)
                : server("ERROR", "No valid host was found. (code 500)"));
        Launcher.LaunchFailure f = assertThrows(Launcher.LaunchFailure.class,
                () -> new Launcher(cloud, new NeverCancelled(), config("10s")).awaitActive(UUID.randomUUID(), "s-1"));
        assertFalse(f.retryable);
        assertTrue(f.getMessage().contains("No valid host was found"), f.getMessage());
        assertTrue(cloud.deleted, "the errored server is deleted");
    }

    @Test
    void shouldRideOutTransientApiErrors() {
        ScriptedCloud cloud = new ScriptedCloud(n -> {
            if (n == 1) {
                throw new OpenStackException(503, "nova-api restarting");
            }
            return server(n < 3 ? "BUILD" : "ACTIVE", null);
        });
        assertEquals("ACTIVE", new Launcher(cloud, new NeverCancelled(), config("10s"))
                .awaitActive(UUID.randomUUID(), "s-1").status());
    }
}
