package io.traverse.disktransfer.dispatch;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.disktransfer.target.TargetVolume;
import io.traverse.disktransfer.target.TargetVolumes;
import io.traverse.disktransfer.testing.Sim;
import io.traverse.disktransfer.testing.VcsimDisk;
import io.traverse.events.DiskSyncRequested;
import io.traverse.events.DiskSynced;
import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;
import io.traverse.events.MigrationFailed;
import io.traverse.events.MigrationMode;
import io.traverse.events.Phase;
import io.traverse.events.SourceDisk;
import io.traverse.events.SourceVm;
import io.traverse.events.VmMapped;
import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.TraverseTestbedWithVcsim;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole of phase 4 through the real broker, database and vcsim: vm.mapped and disk.sync.requested are consumed,
 * queued, launched as Jobs, the Job copies from vcsim's datastore and publishes disk.progress and disk.synced through
 * the outbox; a failed Job becomes migration.failed and its VM's leftover Traverse snapshots are swept.
 */
@QuarkusTest
@WithTestResource(TraverseTestbedWithVcsim.class)
class DiskSyncDispatchTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Inject
    TargetVolumes volumes;

    @Inject
    SyncJobs jobs;

    @Inject
    SyncDispatcher dispatcher;

    @TempDir
    Path work;

    @Test
    void warmRoundsRunAsJobsAndEachDiskSyncedMatchesTheSource() throws Exception {
        Sim vcsim = Sim.fromSdkUrl(org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("traverse.vcenter.url", String.class));
        VcsimDisk disk = VcsimDisk.create(vcsim, "DC0_C1_RP0_VM8", work, 32L << 20, 8, 21);
        VmMapped mapped = disk.mapped(MigrationMode.WARM);
        UUID migration = UUID.randomUUID();
        try (EventTestClient k = new EventTestClient(kafka)) {
            k.send(EventEnvelope.of("network-mapper", migration, mapped));
            DiskSynced r1 = (DiskSynced) k.await(EventType.DISK_SYNCED.topic(), e -> migration.equals(e.migrationId()), 1,
                    Duration.ofSeconds(120)).getFirst().data();
            assertEquals(1, r1.round());
            assertFalse(r1.cutover());
            assertEquals(disk.sha256(), r1.disks().getFirst().sha256());
            assertEquals(r1.disks().getFirst().changeId(),
                    volumes.find(migration, disk.diskKey).orElseThrow().metadata().get(TargetVolume.CHANGE_ID));

            disk.writeRandom(5L << 20, 200_000, new Random(5));
            disk.uploadFlat();
            k.send(EventEnvelope.of("migration-api", migration, new DiskSyncRequested(2, true, true)));
            List<EventEnvelope> both = k.await(EventType.DISK_SYNCED.topic(), e -> migration.equals(e.migrationId()), 2,
                    Duration.ofSeconds(120));
            DiskSynced r2 = (DiskSynced) both.get(1).data();
            assertEquals(2, r2.round());
            assertTrue(r2.cutover(), "the cutover's disk.synced is what conversion-worker acts on");
            assertEquals(disk.sha256(), r2.disks().getFirst().sha256());
            assertTrue(r2.disks().getFirst().bytesCopied() <= 5 * 64 * 1024, "delta only: " + r2.disks().getFirst().bytesCopied());
            assertFalse(k.await(EventType.DISK_PROGRESS.topic(), e -> migration.equals(e.migrationId()), 1,
                    Duration.ofSeconds(30)).isEmpty(), "disk.progress was sent");
        }
    }

    /**
     * migration-api retries a migration whose first round failed (automatically, or an operator's POST /retry) by
     * starting it over: the same migration's vm.mapped arrives again with a new event id. That attempt gets a Job of
     * its own and its round runs with the new mapping; the same event again (Kafka redelivers) runs nothing.
     */
    @Test
    void aRetriedMigrationRunsItsFailedFirstRoundAgainAndARedeliveryRunsNothing() throws Exception {
        retryAfterAFailedFirstRound("DC0_C0_RP0_VM6", true, 23);
    }

    /** Without CBT the first round is a full copy: the failed attempt's volume is continued, not refused (AC4). */
    @Test
    void aRetriedFullCopyContinuesTheVolumeItsFailedAttemptCreated() throws Exception {
        retryAfterAFailedFirstRound("DC0_C0_RP0_VM7", false, 24);
    }

    private void retryAfterAFailedFirstRound(String vmName, boolean cbt, long seed) throws Exception {
        Sim vcsim = Sim.fromSdkUrl(org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("traverse.vcenter.url", String.class));
        VcsimDisk disk = VcsimDisk.create(vcsim, vmName, work, 16L << 20, 4, seed);
        UUID migration = UUID.randomUUID();
        EventEnvelope firstAttempt = EventEnvelope.of("network-mapper", migration, disk.mapped(MigrationMode.WARM, cbt));
        try (EventTestClient k = new EventTestClient(kafka)) {
            try (AutoCloseable unreadable = disk.flatFileUnreadable()) {
                k.send(firstAttempt);
                MigrationFailed f = (MigrationFailed) k.await(EventType.MIGRATION_FAILED.topic(),
                        e -> migration.equals(e.migrationId()), 1, Duration.ofSeconds(120)).getFirst().data();
                assertEquals(Phase.DISK_SYNC, f.phase());
                assertTrue(f.retryable(), "an unreadable source file may be readable later: " + f.reason());
            }
            SyncJobs.Row failed = jobs.find(migration, 1).orElseThrow();
            assertEquals(SyncJobs.State.FAILED, failed.state());
            // the failed attempt's own trigger once more, even past the inbox: the row knows its event id
            QuarkusTransaction.requiringNew().run(() -> dispatcher.firstRound(firstAttempt));
            assertEquals(failed, jobs.find(migration, 1).orElseThrow(), "the same trigger starts no new attempt");
            // migration-api retries after a backoff; by then the failed round's snapshot is swept
            await().atMost(Duration.ofSeconds(60)).until(() -> !vcsim.govc("snapshot.tree", disk.vmName).contains("traverse-sync-"));

            VmMapped retried = disk.mapped(MigrationMode.WARM, cbt); // mapped anew: e.g. a new request id
            EventEnvelope secondAttempt = EventEnvelope.of("network-mapper", migration, retried);
            k.send(secondAttempt);
            DiskSynced r1 = (DiskSynced) k.await(EventType.DISK_SYNCED.topic(), e -> migration.equals(e.migrationId()), 1,
                    Duration.ofSeconds(120)).getFirst().data();
            assertEquals(1, r1.round());
            assertEquals(disk.sha256(), r1.disks().getFirst().sha256(), "the retried round copied the whole disk");
            assertEquals(retried.request(), r1.mapping().request(), "the new attempt's vm.mapped replaced the first one");
            SyncJobs.Row done = jobs.find(migration, 1).orElseThrow();
            assertEquals(SyncJobs.State.SUCCEEDED, done.state());
            assertEquals(2, done.attempt());
            assertEquals(failed.jobName() + "-a2", done.jobName(), "a Job of its own: the failed one keeps its name");

            k.send(secondAttempt); // Kafka redelivers both triggers
            k.send(firstAttempt);
            assertEquals(1, k.await(EventType.DISK_SYNCED.topic(), e -> migration.equals(e.migrationId()), 2,
                    Duration.ofSeconds(15)).size(), "a redelivered trigger runs no round");
            assertEquals(done, jobs.find(migration, 1).orElseThrow());
            assertEquals(1, k.await(EventType.MIGRATION_FAILED.topic(), e -> migration.equals(e.migrationId()), 2,
                    Duration.ofSeconds(1)).size());
        }
    }

    @Test
    void aMissingSourceDiskFailsTheRoundOnceWithThe404AsTheReasonAndLeftoverTraverseSnapshotsAreSwept() throws Exception {
        Sim vcsim = Sim.fromSdkUrl(org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("traverse.vcenter.url", String.class));
        VcsimDisk disk = VcsimDisk.create(vcsim, "DC0_C1_RP0_VM7", work, 8L << 20, 2, 22);
        vcsim.govc("snapshot.create", disk.vmName, "traverse-sync-left-by-a-killed-job");
        vcsim.govc("snapshot.create", disk.vmName, "nightly-backup");
        VmMapped good = disk.mapped(MigrationMode.WARM);
        SourceVm vm = good.vm();
        // the disk's data file is not on the datastore: the datastore answers 404, which no retry can change
        SourceVm broken = new SourceVm(vm.id(), vm.name(), vm.uuid(), vm.vcpus(), vm.memoryMb(), vm.guestId(), vm.firmware(),
                vm.powerState(), vm.cluster(), vm.host(), vm.datacenter(), vm.cbtEnabled(),
                List.of(new SourceDisk(disk.diskKey, "[LocalDS_0] " + vm.name() + "/gone.vmdk", "LocalDS_0", 8L << 20, true,
                        "pvscsi 0:0", null)), List.of());
        VmMapped mapped = new VmMapped(good.request(), broken, good.flavor(), good.availabilityZone(), good.ports(), good.volumeTypes());
        UUID migration = UUID.randomUUID();
        try (EventTestClient k = new EventTestClient(kafka)) {
            long sent = System.nanoTime();
            k.send(EventEnvelope.of("network-mapper", migration, mapped));
            List<EventEnvelope> failed = k.await(EventType.MIGRATION_FAILED.topic(), e -> migration.equals(e.migrationId()), 1,
                    Duration.ofSeconds(120));
            Duration took = Duration.ofNanos(System.nanoTime() - sent);
            MigrationFailed f = (MigrationFailed) failed.getFirst().data();
            assertEquals(Phase.DISK_SYNC, f.phase());
            assertTrue(f.reason().contains("source disk [LocalDS_0] " + vm.name() + "/gone.vmdk not found (HTTP 404)"),
                    "the reason names the real cause: " + f.reason());
            assertFalse(f.retryable(), "a missing disk stays missing");
            assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "no retries: " + took);
            assertTrue(k.await(EventType.MIGRATION_FAILED.topic(), e -> migration.equals(e.migrationId()), 2,
                    Duration.ofSeconds(3)).size() == 1, "one failure, reported once");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String tree = vcsim.govc("snapshot.tree", disk.vmName);
            assertFalse(tree.contains("traverse-sync-"), tree);
            assertTrue(tree.contains("nightly-backup"), "someone else's snapshot stays: " + tree);
        });
    }
}
