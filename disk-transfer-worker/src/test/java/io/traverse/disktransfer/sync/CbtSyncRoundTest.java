package io.traverse.disktransfer.sync;

import io.traverse.disktransfer.copy.DiskReader;
import io.traverse.disktransfer.copy.HttpRangeReader;
import io.traverse.disktransfer.copy.TokenBucket;
import io.traverse.disktransfer.target.LocalFileVolumes;
import io.traverse.disktransfer.target.TargetVolume;
import io.traverse.disktransfer.testing.VcsimDisk;
import io.traverse.disktransfer.vsphere.SourceOperations;
import io.traverse.disktransfer.vsphere.VsphereClient;
import io.traverse.events.DiskProgress;
import io.traverse.events.MigrationMode;
import io.traverse.events.SyncedDisk;
import io.traverse.events.VmMapped;
import io.traverse.testbed.SharedTestbed;
import io.traverse.testbed.Vcsim;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sync rounds against the real things: vcsim (SOAP snapshots and QueryChangedDiskAreas answered from the real disk
 * file, the datastore's /folder HTTP API with Range), a VMDK made by qemu-img and uploaded there, and a sparse file
 * standing in for the Cinder volume attached to the worker. Every round ends with the whole target's SHA-256 equal to
 * the source's.
 */
class CbtSyncRoundTest {

    private static final long DISK = 64L << 20;
    private static final int DATA_BLOCKS = 12; // 1 MiB each, at random places: the rest of the disk is holes

    static Vcsim vcsim;
    static VsphereClient client;

    @TempDir
    Path work;

    @BeforeAll
    static void login() throws IOException {
        vcsim = SharedTestbed.vcsim();
        client = VsphereClient.login(URI.create(vcsim.sdkUrl()), vcsim.username(), vcsim.password(), Vcsim.insecureSslContext());
    }

    @AfterAll
    static void logout() {
        client.close();
    }

    private DiskSyncRound round(LocalFileVolumes volumes, CopySettings settings, List<DiskProgress> progress) {
        return new DiskSyncRound(client, volumes, f -> new HttpRangeReader(f.file().uri(), f.file().headers(), client.sslContext()),
                settings.withVerify(true), progress::add);
    }

    private static SyncedDisk only(SyncOutcome o) {
        SyncOutcome.Synced s = assertInstanceOf(SyncOutcome.Synced.class, o, () -> o.toString());
        return s.event().disks().getFirst();
    }

    private static SyncOutcome.DiskStats stats(SyncOutcome o) {
        return ((SyncOutcome.Synced) o).stats().getFirst();
    }

    /** disk.synced carries what migration-api predicts the cutover from: the round's and each disk's duration. */
    private static void assertMeasured(SyncOutcome o) {
        SyncOutcome.Synced s = (SyncOutcome.Synced) o;
        Long round = s.event().durationMillis();
        assertNotNull(round, "disk.synced carries the round's duration");
        assertEquals(s.duration().toMillis(), round);
        for (SyncedDisk d : s.event().disks()) {
            assertNotNull(d.durationMillis(), "each disk's duration");
            assertTrue(d.durationMillis() <= round, "a disk's part fits in the round: " + d.durationMillis() + " of " + round);
        }
        assertEquals(s.stats().stream().mapToLong(SyncOutcome.DiskStats::bytesWritten).sum(), s.event().totalBytesCopied());
    }

    private void assertNoTraverseSnapshots(VcsimDisk disk) throws IOException {
        assertTrue(client.snapshots(disk.vmId).stream().noneMatch(s -> s.name().startsWith(SourceOperations.SNAPSHOT_PREFIX)),
                "Traverse's snapshots are removed: " + client.snapshots(disk.vmId));
    }

    @Test
    void warmRoundsCopyOnlyWhatChangedAndTheTargetMatchesTheSourceAfterEachRound() throws IOException {
        VcsimDisk disk = VcsimDisk.create(vcsim, "DC0_C1_RP0_VM10", work, DISK, DATA_BLOCKS, 1);
        VmMapped mapped = disk.mapped(MigrationMode.WARM);
        UUID migration = UUID.randomUUID();
        LocalFileVolumes volumes = new LocalFileVolumes(work.resolve("volumes"));
        List<DiskProgress> progress = new CopyOnWriteArrayList<>();
        DiskSyncRound round = round(volumes, CopySettings.defaults(), progress);

        // round 1 (vm.mapped, warm): a full copy of what is allocated, nothing of the holes
        SyncOutcome r1 = round.run(SyncRequest.firstRound(migration, mapped));
        SyncedDisk d1 = only(r1);
        assertEquals(disk.sha256(), d1.sha256(), "target equals source after round 1");
        long data = disk.dataBytes();
        assertTrue(stats(r1).bytesRead() >= data && stats(r1).bytesRead() <= data * 105 / 100,
                "round 1 reads the allocated bytes only: " + stats(r1).bytesRead() + " of " + data + " allocated, disk " + DISK);
        assertNotNull(d1.changeId());
        TargetVolume volume = volumes.find(migration, disk.diskKey).orElseThrow();
        assertEquals(d1.changeId(), volume.metadata().get(TargetVolume.CHANGE_ID), "AC2: change id in the volume metadata");
        assertFalse(volume.metadata().containsKey(TargetVolume.CHECKPOINT));
        assertNoTraverseSnapshots(disk);
        assertFalse(((SyncOutcome.Synced) r1).event().cutover());
        assertMeasured(r1);

        // the guest writes three small areas; round 2 (AC1: cbtSync, no cutover) copies only those blocks
        Random r = new Random(7);
        disk.writeRandom(3L << 20, 4096, r);
        disk.writeRandom(40L << 20, 100_000, r);
        disk.writeRandom(DISK - 8192, 8192, r);
        disk.uploadFlat();
        SyncOutcome r2 = round.run(new SyncRequest(migration, mapped, 2, false, true));
        SyncedDisk d2 = only(r2);
        assertEquals(disk.sha256(), d2.sha256(), "target equals source after round 2");
        assertTrue(stats(r2).bytesRead() <= 4 * 64 * 1024, "round 2 reads only the changed 64 KiB blocks: " + stats(r2).bytesRead());
        assertNotEquals(d1.changeId(), d2.changeId(), "the change id advances");
        assertEquals(d2.changeId(), volumes.find(migration, disk.diskKey).orElseThrow().metadata().get(TargetVolume.CHANGE_ID));
        assertFalse(((SyncOutcome.Synced) r2).event().cutover(), "AC1: no cutover, so no conversion follows");
        assertMeasured(r2);
        assertNoTraverseSnapshots(disk);

        // AC3: the cutover powers the source off, copies the last delta; disk.synced(cutover) triggers conversion
        disk.writeRandom(10L << 20, 65536, r);
        disk.uploadFlat();
        SyncOutcome r3 = round.run(new SyncRequest(migration, mapped, 3, true, true));
        SyncedDisk d3 = only(r3);
        assertEquals(disk.sha256(), d3.sha256(), "target equals source after the cutover");
        assertTrue(((SyncOutcome.Synced) r3).event().cutover());
        assertEquals("poweredOff", client.powerState(disk.vmId));
        assertTrue(stats(r3).bytesRead() <= 2 * 64 * 1024, "cutover copies the last delta only: " + stats(r3).bytesRead());
        assertNoTraverseSnapshots(disk);
        assertTrue(progress.stream().allMatch(p -> p.bytesTransferred() <= p.bytesTotal()));
    }

    @Test
    void fullCopyRefusesAnExistingVolumeAndOverwritesNothing() throws IOException {
        VcsimDisk disk = VcsimDisk.create(vcsim, "DC0_C1_RP0_VM11", work, 16L << 20, 4, 2);
        VmMapped mapped = disk.mapped(MigrationMode.COLD);
        UUID migration = UUID.randomUUID();
        LocalFileVolumes volumes = new LocalFileVolumes(work.resolve("volumes"));
        DiskSyncRound round = round(volumes, CopySettings.defaults(), new CopyOnWriteArrayList<>());
        assertEquals(disk.sha256(), only(round.run(new SyncRequest(migration, mapped, 1, false, true))).sha256());
        TargetVolume volume = volumes.find(migration, disk.diskKey).orElseThrow();
        String before = DiskSyncRound.sha256(volume.device(), volume.sizeBytes());

        disk.writeRandom(0, 65536, new Random(3));
        disk.uploadFlat();
        SyncOutcome o = round.run(new SyncRequest(migration, mapped, 2, true, false));
        SyncOutcome.Failed failed = assertInstanceOf(SyncOutcome.Failed.class, o);
        assertTrue(failed.reason().startsWith("volume already exists"), failed.reason());
        assertFalse(failed.retryable());
        assertEquals(before, DiskSyncRound.sha256(volume.device(), volume.sizeBytes()), "AC4: nothing overwritten");
        assertNoTraverseSnapshots(disk);
        assertEquals("poweredOn", client.powerState(disk.vmId), "refused before the cutover's power-off");
    }

    @Test
    void aConvertedVolumeIsSkipped() throws IOException {
        VcsimDisk disk = VcsimDisk.create(vcsim, "DC0_C1_RP0_VM12", work, 8L << 20, 2, 3);
        VmMapped mapped = disk.mapped(MigrationMode.WARM);
        UUID migration = UUID.randomUUID();
        LocalFileVolumes volumes = new LocalFileVolumes(work.resolve("volumes"));
        DiskSyncRound round = round(volumes, CopySettings.defaults(), new CopyOnWriteArrayList<>());
        only(round.run(SyncRequest.firstRound(migration, mapped)));
        volumes.find(migration, disk.diskKey).orElseThrow().updateMetadata(java.util.Map.of(TargetVolume.CONVERTED, "true"));

        SyncOutcome o = round.run(new SyncRequest(migration, mapped, 2, true, true));
        SyncOutcome.Skipped skipped = assertInstanceOf(SyncOutcome.Skipped.class, o, "AC5");
        assertEquals("Volume already converted", skipped.reason());
        assertEquals(0, skipped.event().disks().getFirst().bytesCopied());
        assertEquals("poweredOn", client.powerState(disk.vmId));
        assertNoTraverseSnapshots(disk);
    }

    @Test
    void anInterruptedCopyResumesFromItsCheckpointAndStillMatches() throws IOException {
        VcsimDisk disk = VcsimDisk.create(vcsim, "DC0_C1_RP0_VM13", work, DISK, 24, 4);
        VmMapped mapped = disk.mapped(MigrationMode.WARM);
        UUID migration = UUID.randomUUID();
        LocalFileVolumes volumes = new LocalFileVolumes(work.resolve("volumes"));
        CopySettings settings = CopySettings.defaults().withChunkSize(1 << 20).withCheckpointInterval(Duration.ofMillis(20));
        AtomicInteger reads = new AtomicInteger();
        // the network dies after 12 chunks: an I/O error, like a dropped connection to the datastore
        DiskSyncRound failing = new DiskSyncRound(client, volumes, f -> new FailingReader(
                new HttpRangeReader(f.file().uri(), f.file().headers(), client.sslContext()), reads, 12), settings, p -> { });
        SyncOutcome.Failed failed = assertInstanceOf(SyncOutcome.Failed.class, failing.run(SyncRequest.firstRound(migration, mapped)));
        assertTrue(failed.retryable(), failed.reason());
        TargetVolume volume = volumes.find(migration, disk.diskKey).orElseThrow();
        String checkpoint = volume.metadata().get(TargetVolume.CHECKPOINT);
        assertNotNull(checkpoint, "the checkpoint stays on the volume");
        assertNoTraverseSnapshots(disk);

        // the guest keeps writing, below and above the checkpoint, before the retry
        Random r = new Random(11);
        disk.writeRandom(0, 70_000, r);
        disk.writeRandom(DISK - (1 << 20), 70_000, r);
        disk.uploadFlat();
        SyncOutcome o = round(volumes, settings, new CopyOnWriteArrayList<>()).run(SyncRequest.firstRound(migration, mapped));
        assertEquals(disk.sha256(), only(o).sha256(), "resumed copy equals the source");
        assertTrue(stats(o).resumed());
        assertTrue(stats(o).bytesRead() < disk.dataBytes() - (8L << 20),
                "resume did not start over: read " + stats(o).bytesRead() + " of " + disk.dataBytes());
    }

    @Test
    void bandwidthLimitIsHonouredWithinTenPercentAndProgressComesAtLeastEveryTwoSeconds() throws IOException {
        VcsimDisk disk = VcsimDisk.create(vcsim, "DC0_C1_RP0_VM14", work, 64L << 20, 40, 5);
        VmMapped mapped = disk.mapped(MigrationMode.WARM);
        LocalFileVolumes volumes = new LocalFileVolumes(work.resolve("volumes"));
        List<DiskProgress> progress = new CopyOnWriteArrayList<>();
        List<Long> at = new CopyOnWriteArrayList<>();
        TokenBucket limit = TokenBucket.megabytesPerSecond(8);
        DiskSyncRound round = new DiskSyncRound(client, volumes, f -> new HttpRangeReader(f.file().uri(), f.file().headers(), client.sslContext()),
                CopySettings.defaults().withChunkSize(1 << 20).withLimits(List.of(limit)), p -> {
                    progress.add(p);
                    at.add(System.nanoTime());
                });
        long t0 = System.nanoTime();
        SyncOutcome o = round.run(SyncRequest.firstRound(UUID.randomUUID(), mapped));
        only(o);
        double secs = stats(o).copyDuration().toNanos() / 1e9;
        double rate = stats(o).bytesRead() / secs / (1 << 20);
        assertTrue(Math.abs(rate - 8) <= 0.8, "8 MB/s limit, copied at " + rate + " MB/s (" + stats(o).bytesRead() + " B in " + secs + " s)");
        long prev = at.getFirst();
        for (long t : at) {
            assertTrue(t - prev <= 2_300_000_000L, "progress gap " + (t - prev) / 1e6 + " ms");
            prev = t;
        }
        assertTrue(progress.size() >= 2, "progress events: " + progress);
        DiskProgress last = progress.getLast();
        assertEquals(last.bytesTotal(), last.bytesTransferred());
    }

    @Test
    void coldCopyWithoutCbtReadsTheWholeDiskButWritesNoZeros() throws IOException {
        VcsimDisk disk = VcsimDisk.create(vcsim, "DC0_C1_RP0_VM9", work, 32L << 20, 6, 6);
        VmMapped mapped = disk.mapped(MigrationMode.COLD, false);
        LocalFileVolumes volumes = new LocalFileVolumes(work.resolve("volumes"));
        UUID migration = UUID.randomUUID();
        SyncOutcome o = round(volumes, CopySettings.defaults(), new CopyOnWriteArrayList<>()).run(SyncRequest.firstRound(migration, mapped));
        SyncedDisk d = only(o);
        assertEquals(disk.sha256(), d.sha256());
        assertTrue(((SyncOutcome.Synced) o).event().cutover(), "cold = one round that is the cutover");
        assertEquals(disk.size(), stats(o).bytesRead(), "without CBT the datastore API cannot tell holes: the whole disk is read");
        assertEquals(disk.dataBytes(), stats(o).bytesWritten(), "but only data reaches the target");
        assertEquals(disk.dataBytes(), d.bytesCopied());
        TargetVolume v = volumes.find(migration, disk.diskKey).orElseThrow();
        long allocated = allocatedBytes(v.device());
        assertTrue(allocated <= disk.dataBytes() + (1 << 20), "the target stays sparse: " + allocated + " allocated");
        assertEquals(null, d.changeId());
    }

    @Test
    void aLaterRoundOfAVmWithoutCbtCopiesTheWholeDiskAgainOverItsOwnVolumeZerosIncluded() throws IOException {
        VcsimDisk disk = VcsimDisk.create(vcsim, "DC0_C0_RP0_VM8", work, 16L << 20, 4, 8);
        VmMapped mapped = disk.mapped(MigrationMode.COLD, false);
        LocalFileVolumes volumes = new LocalFileVolumes(work.resolve("volumes"));
        UUID migration = UUID.randomUUID();
        DiskSyncRound round = round(volumes, CopySettings.defaults(), new CopyOnWriteArrayList<>());
        assertEquals(disk.sha256(), only(round.run(SyncRequest.firstRound(migration, mapped))).sha256());
        String volumeId = volumes.find(migration, disk.diskKey).orElseThrow().id();

        // the source changes before the retry, data turned to zeros included: the target must not keep the old data
        disk.write(0, new byte[1 << 20]);
        disk.writeRandom(8L << 20, 65536, new Random(9));
        disk.uploadFlat();
        // what migration-api asks for when a cold migration is retried after a failed conversion: a final CBT round
        SyncOutcome o = round.run(new SyncRequest(migration, mapped, 2, true, true));
        SyncedDisk d = only(o);
        assertEquals(volumeId, d.volumeId(), "the migration's own volume, no second one");
        assertEquals(disk.sha256(), d.sha256(), "the target equals the source again");
        assertEquals(disk.size(), stats(o).bytesRead(), "without CBT the whole disk is read again");
        assertEquals(null, d.changeId());
        assertNoTraverseSnapshots(disk);
    }

    /** Bytes the file system allocated to a file ({@code stat %b * %B}): a sparse target stays small. */
    static long allocatedBytes(Path file) throws IOException {
        Process p = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
        String[] out = new String(p.getInputStream().readAllBytes()).strip().split(" ");
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }

    /** Passes reads through until {@code after} of them, then fails every read like a dropped connection. */
    private record FailingReader(DiskReader delegate, AtomicInteger reads, int after) implements DiskReader {
        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public void read(long offset, ByteBuffer dst) throws IOException {
            if (reads.incrementAndGet() > after) {
                throw new IOException("connection reset (injected)");
            }
            delegate.read(offset, dst);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
