package io.traverse.disktransfer.dispatch;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.traverse.disktransfer.testing.Sim;
import io.traverse.disktransfer.testing.VcsimDisk;
import io.traverse.events.DiskSyncRequested;
import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;
import io.traverse.events.MigrationCancelled;
import io.traverse.events.MigrationMode;
import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.TraverseTestbedWithVcsim;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * migration.cancelled through the real broker, database and vcsim: the running round's Job is stopped through the
 * JobLauncher, the queued round never starts, Traverse's snapshot is removed (someone else's stays), and nothing
 * reports the stopped Job as a failure. The copy is held to 1 MB/s so the round is still running when the
 * cancellation arrives.
 */
@QuarkusTest
@WithTestResource(TraverseTestbedWithVcsim.class)
@TestProfile(SyncCancelTest.SlowCopy.class)
class SyncCancelTest {

    public static class SlowCopy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("traverse.disk-transfer.bandwidth.total-mb-per-second", "1");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    SyncJobs jobs;

    @TempDir
    Path work;

    @Test
    void aCancelledMigrationStopsItsJobDropsQueuedRoundsAndRemovesItsSnapshot() throws Exception {
        Sim vcsim = Sim.fromSdkUrl(ConfigProvider.getConfig().getValue("traverse.vcenter.url", String.class));
        VcsimDisk disk = VcsimDisk.create(vcsim, "DC0_C1_RP0_VM1", work, 32L << 20, 16, 31); // 16 MiB of data: 16 s
        vcsim.govc("snapshot.create", disk.vmName, "nightly-backup");
        UUID migration = UUID.randomUUID();
        try (EventTestClient k = new EventTestClient(kafka)) {
            k.send(EventEnvelope.of("network-mapper", migration, disk.mapped(MigrationMode.WARM)));
            assertFalse(k.await(EventType.DISK_PROGRESS.topic(), e -> migration.equals(e.migrationId()), 1,
                    Duration.ofSeconds(120)).isEmpty(), "round 1 is copying");
            assertTrue(vcsim.govc("snapshot.tree", disk.vmName).contains("traverse-sync-" + migration + "-r1"),
                    "the round made its snapshot");
            k.send(EventEnvelope.of("migration-api", migration, new DiskSyncRequested(2, false, true)));
            await().atMost(Duration.ofSeconds(30)).until(() -> jobs.find(migration, 2).isPresent());

            k.send(EventEnvelope.of("migration-api", migration, new MigrationCancelled("wrong VM", "olivia")));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertEquals(SyncJobs.State.CANCELLED, jobs.find(migration, 1).orElseThrow().state());
                assertEquals(SyncJobs.State.CANCELLED, jobs.find(migration, 2).orElseThrow().state(), "the queued round is dropped");
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String tree = vcsim.govc("snapshot.tree", disk.vmName);
                assertFalse(tree.contains("traverse-sync-"), "Traverse's snapshot is removed: " + tree);
                assertTrue(tree.contains("nightly-backup"), "someone else's snapshot stays: " + tree);
            });
            assertTrue(jobs.find(migration, 1).orElseThrow().reason().contains("wrong VM"));

            k.send(EventEnvelope.of("migration-api", migration, new DiskSyncRequested(3, true, true)));
            // 20 s: longer than round 1 would have taken, so a Job that kept running would have reported by now
            assertTrue(k.await(EventType.DISK_SYNCED.topic(), e -> migration.equals(e.migrationId()), 1,
                    Duration.ofSeconds(20)).isEmpty(), "the stopped round reports nothing");
            assertTrue(k.await(EventType.MIGRATION_FAILED.topic(), e -> migration.equals(e.migrationId()), 1,
                    Duration.ofSeconds(1)).isEmpty(), "a cancelled Job is no failure");
            assertTrue(jobs.find(migration, 3).isEmpty(), "a round requested after the cancellation is not queued");
        }
    }
}
