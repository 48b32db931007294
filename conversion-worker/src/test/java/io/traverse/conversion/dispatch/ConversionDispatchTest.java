package io.traverse.conversion.dispatch;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.conversion.testing.TestVolumes;
import io.traverse.conversion.volumes.ConversionVolume;
import io.traverse.events.ConversionPath;
import io.traverse.events.DiskSynced;
import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;
import io.traverse.events.MigrationFailed;
import io.traverse.events.Phase;
import io.traverse.events.SyncedDisk;
import io.traverse.events.VmConverted;
import io.traverse.support.messaging.Inbox;
import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.GuestImages;
import io.traverse.testbed.SampleEvents;
import io.traverse.testbed.TraverseTestbed;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Phase 5 through the real broker and database: the cutover's disk.synced queues one conversion Job per VM (however
 * often Kafka delivers it), the Job converts the real test guest on its volume and publishes vm.converted through the
 * outbox; a Job that fails becomes migration.failed with the Job's own reason.
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
class ConversionDispatchTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @ConfigProperty(name = "traverse.conversion.volumes.local-dir")
    Path volumes;

    @Inject
    ConversionJobs jobs;

    @Inject
    Inbox inbox;

    static EventEnvelope cutover(SampleEvents sample, String volumeId, boolean cutover) {
        return round(sample, volumeId, cutover, 2);
    }

    static EventEnvelope round(SampleEvents sample, String volumeId, boolean cutover, int round) {
        return EventEnvelope.of("disk-transfer-worker", sample.migrationId(), new DiskSynced(round, cutover,
                List.of(new SyncedDisk(204, volumeId, "52 de 1a 7e/" + round, 1L << 30, null)), sample.mapped()));
    }

    @Test
    void theCutoverConvertsTheVmOnceAndPublishesVmConverted() throws Exception {
        // the data disk: one inspection, so this stays quick; the paths themselves are in GuestConversionTest
        ConversionVolume v = TestVolumes.fromImage(volumes, GuestImages.get().data());
        SampleEvents sample = SampleEvents.forNewMigration();
        EventEnvelope trigger = cutover(sample, v.id(), true);
        try (EventTestClient k = new EventTestClient(kafka)) {
            k.send(trigger);
            k.send(trigger);
            List<EventEnvelope> out = k.await(EventType.VM_CONVERTED.topic(), e -> sample.migrationId().equals(e.migrationId()), 1,
                    Duration.ofMinutes(5));
            VmConverted c = (VmConverted) out.getFirst().data();
            assertEquals(ConversionPath.NONE, c.path());
            assertEquals("no operating system on the disks (data disks only)", c.reason());
            assertEquals(List.of(v.id()), c.volumeIds());
            assertEquals(sample.mapped(), c.mapping());
        }
        assertEquals("true", v.metadata().get(ConversionVolume.CONVERTED));
        assertEquals(1, InProcessJobLauncher.launched.stream().filter(s -> s.migrationId().equals(sample.migrationId())).count(),
                "one Job per VM, even when the trigger comes twice");
        assertEquals(List.of("convert", "--migration", sample.migrationId().toString(), "--round", "2"),
                InProcessJobLauncher.launched.stream().filter(s -> s.migrationId().equals(sample.migrationId())).findFirst().orElseThrow().args());
        assertEquals(ConversionJobs.State.SUCCEEDED, jobs.find(sample.migrationId()).orElseThrow().state());
    }

    @Test
    void aVolumeAlreadyMarkedConvertedIsSkipped() throws Exception {
        ConversionVolume v = TestVolumes.blank(volumes, 1 << 20);
        v.updateMetadata(Map.of(ConversionVolume.CONVERTED, "true"));
        SampleEvents sample = SampleEvents.forNewMigration();
        try (EventTestClient k = new EventTestClient(kafka)) {
            k.send(cutover(sample, v.id(), true));
            VmConverted c = (VmConverted) k.await(EventType.VM_CONVERTED.topic(), e -> sample.migrationId().equals(e.migrationId()), 1,
                    Duration.ofSeconds(60)).getFirst().data();
            assertEquals(ConversionPath.NONE, c.path());
            assertEquals("Volume already converted", c.reason());
        }
    }

    @Test
    void aLaterCutoverRoundGetsAJobOfItsOwnWhichAnswersFromTheMarker() throws Exception {
        // a retry after a failed launch re-runs the cutover round; the conversion must answer again, or the VM waits
        // in CONVERTING for ever. The volume holds no OS (blkid finds nothing): quick, no appliance.
        ConversionVolume v = TestVolumes.blank(volumes, 64 << 20);
        SampleEvents sample = SampleEvents.forNewMigration();
        try (EventTestClient k = new EventTestClient(kafka)) {
            k.send(round(sample, v.id(), true, 1));
            k.await(EventType.VM_CONVERTED.topic(), e -> sample.migrationId().equals(e.migrationId()), 1, Duration.ofMinutes(2));
            k.send(round(sample, v.id(), true, 2));
            List<EventEnvelope> out = k.await(EventType.VM_CONVERTED.topic(), e -> sample.migrationId().equals(e.migrationId()), 2,
                    Duration.ofMinutes(2));
            assertEquals(2, out.size(), "one vm.converted per cutover round");
            assertEquals("no operating system on the disks (data disks only)", ((VmConverted) out.get(0).data()).reason());
            assertEquals("Volume already converted", ((VmConverted) out.get(1).data()).reason());
        }
        assertEquals(List.of(ConversionDispatcher.jobName(sample.migrationId(), 1), ConversionDispatcher.jobName(sample.migrationId(), 2)),
                InProcessJobLauncher.launched.stream().filter(s -> s.migrationId().equals(sample.migrationId())).map(s -> s.name()).toList());
    }

    @Test
    void aPreCopyRoundConvertsNothing() {
        SampleEvents sample = SampleEvents.forNewMigration();
        EventEnvelope precopy = cutover(sample, "not-looked-at", false);
        try (EventTestClient k = new EventTestClient(kafka)) {
            k.send(precopy);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> inbox.hasProcessed(precopy.id()));
        assertTrue(jobs.find(sample.migrationId()).isEmpty());
    }

    @Test
    void aJobThatFailsBecomesMigrationFailedWithTheReasonTheJobRecorded() {
        SampleEvents sample = SampleEvents.forNewMigration();
        try (EventTestClient k = new EventTestClient(kafka)) {
            k.send(cutover(sample, "3f0e-not-there", true));
            MigrationFailed f = (MigrationFailed) k.await(EventType.MIGRATION_FAILED.topic(),
                    e -> sample.migrationId().equals(e.migrationId()), 1, Duration.ofSeconds(60)).getFirst().data();
            assertEquals(Phase.CONVERSION, f.phase());
            assertEquals("volume 3f0e-not-there of disk 204 was not found on the target", f.reason());
            assertFalse(f.retryable());
        }
        assertEquals(ConversionJobs.State.FAILED, jobs.find(sample.migrationId()).orElseThrow().state());
    }

    @Test
    void aJobThatDiesWithoutAResultBecomesARetryableMigrationFailed() {
        SampleEvents sample = SampleEvents.forNewMigration();
        InProcessJobLauncher.evict.add(sample.migrationId());
        try (EventTestClient k = new EventTestClient(kafka)) {
            k.send(cutover(sample, "whatever", true));
            MigrationFailed f = (MigrationFailed) k.await(EventType.MIGRATION_FAILED.topic(),
                    e -> sample.migrationId().equals(e.migrationId()), 1, Duration.ofSeconds(60)).getFirst().data();
            assertEquals(Phase.CONVERSION, f.phase());
            assertEquals("conversion job " + ConversionDispatcher.jobName(sample.migrationId(), 2)
                    + " failed: evicted: The node was low on resource: memory", f.reason());
            assertTrue(f.retryable());
        }
    }
}
