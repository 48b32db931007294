package io.traverse.disktransfer.target;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.traverse.disktransfer.copy.HttpRangeReader;
import io.traverse.disktransfer.sync.CopySettings;
import io.traverse.disktransfer.sync.DiskSyncRound;
import io.traverse.disktransfer.sync.SyncOutcome;
import io.traverse.disktransfer.sync.SyncRequest;
import io.traverse.disktransfer.testing.VcsimDisk;
import io.traverse.disktransfer.vsphere.VsphereClient;
import io.traverse.events.MigrationMode;
import io.traverse.events.VmMapped;
import io.traverse.openstack.OpenStackClients;
import io.traverse.openstack.OpenStackConfig;
import io.traverse.testbed.SharedTestbed;
import io.traverse.testbed.Vcsim;
import io.traverse.testbed.openstack.OpenStackTestbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sync rounds into real Cinder volumes of the OpenStack testbed (NFS backend: the volume's file is what an attached
 * device would be), with the change id and checkpoints in the volume metadata (AC2), read back through the API.
 */
class CinderVolumesTest {

    @TempDir
    Path work;

    private final List<String> created = new ArrayList<>();
    private OpenStackClients clients;

    private CinderVolumes volumes() {
        SmallRyeConfig c = new SmallRyeConfigBuilder().withMapping(OpenStackConfig.class)
                .withSources(new PropertiesConfigSource(OpenStackTestbed.start().config(), "testbed", 500)).build();
        clients = new OpenStackClients(c.getConfigMapping(OpenStackConfig.class));
        return new CinderVolumes(clients, "/srv/cinder-nfs/volume-{id}", Duration.ofMinutes(3));
    }

    @AfterEach
    void deleteVolumes() {
        for (String id : created) {
            clients.rest().delete("volumev3", "/volumes/" + id);
        }
    }

    @Test
    void warmRoundsWriteIntoACinderVolumeAndKeepTheChangeIdInItsMetadata() throws Exception {
        warmRounds(volumes(), "DC0_C1_RP0_VM5");
    }

    @Test
    void theFirstRoundGoesThroughAGlanceImageAndLaterRoundsWriteTheVolume() throws Exception {
        CinderVolumes cinder = volumes();
        warmRounds(new GlanceVolumes(clients, cinder, work.resolve("scratch"), Duration.ofMinutes(3)), "DC0_C1_RP0_VM4");
        try (var scratch = java.nio.file.Files.list(work.resolve("scratch"))) {
            assertEquals(0, scratch.count(), "the scratch copy is gone after the upload");
        }
    }

    @Test
    void aVolumeAttachedToTheWorkerThroughCindersAttachmentsApiIsWrittenThereAndDetachedAfterEachRound() throws Exception {
        volumes();
        // nothing is at the template's path: the bytes can only land where the attachment puts the volume
        CinderVolumes attaching = new CinderVolumes(clients, "/nonexistent/volume-{id}", Duration.ofMinutes(3),
                new CinderAttachments(clients, "traverse-test-worker", Optional.empty()));
        warmRounds(attaching, "DC0_C1_RP0_VM0");
        JsonNode v = clients.rest().get("volumev3", "/volumes/" + created.getLast()).path("volume");
        assertEquals("available", v.path("status").asText(), "detached after the round: " + v);
        assertEquals(0, v.path("attachments").size(), "no attachment left: " + v.path("attachments"));
    }

    private void warmRounds(TargetVolumes volumes, String vmName) throws Exception {
        Vcsim vcsim = SharedTestbed.vcsim();
        VcsimDisk disk = VcsimDisk.create(vcsim, vmName, work, 24L << 20, 5, 41);
        VmMapped mapped = disk.mapped(MigrationMode.WARM);
        UUID migration = UUID.randomUUID();
        try (VsphereClient client = VsphereClient.login(URI.create(vcsim.sdkUrl()), vcsim.username(), vcsim.password(),
                Vcsim.insecureSslContext())) {
            DiskSyncRound round = new DiskSyncRound(client, volumes,
                    s -> new HttpRangeReader(s.file().uri(), s.file().headers(), client.sslContext()),
                    CopySettings.defaults().withVerify(true), p -> { });
            SyncOutcome o1 = round.run(SyncRequest.firstRound(migration, mapped));
            volumes.find(migration, disk.diskKey).ifPresent(v -> created.add(v.id())); // deleted after, even on failure
            SyncOutcome.Synced r1 = assertInstanceOf(SyncOutcome.Synced.class, o1, () -> o1.toString());
            TargetVolume v = volumes.find(migration, disk.diskKey).orElseThrow();
            assertEquals(1L << 30, v.sizeBytes(), "24 MiB rounds up to Cinder's 1 GiB");
            assertEquals(disk.sha256(), r1.event().disks().getFirst().sha256());
            assertEquals(v.id(), r1.event().disks().getFirst().volumeId());
            var meta = v.metadata();
            assertEquals(r1.event().disks().getFirst().changeId(), meta.get(TargetVolume.CHANGE_ID), "AC2: change id in Cinder's metadata");
            assertEquals(migration.toString(), meta.get(TargetVolume.MIGRATION_ID));
            assertEquals(disk.vmId, meta.get(TargetVolume.SOURCE_VM_ID));
            assertFalse(meta.containsKey(TargetVolume.CHECKPOINT), "no checkpoint left after a finished round");

            disk.writeRandom(3L << 20, 70_000, new Random(2));
            disk.uploadFlat();
            SyncOutcome.Synced r2 = assertInstanceOf(SyncOutcome.Synced.class, round.run(new SyncRequest(migration, mapped, 2, false, true)));
            assertEquals(disk.sha256(), r2.event().disks().getFirst().sha256());
            assertTrue(r2.stats().getFirst().bytesRead() <= 2 * 64 * 1024);
            assertEquals(r2.event().disks().getFirst().changeId(), volumes.find(migration, disk.diskKey).orElseThrow().metadata()
                    .get(TargetVolume.CHANGE_ID));
            assertEquals("2", v.metadata().get(TargetVolume.ROUND));
        }
    }
}
