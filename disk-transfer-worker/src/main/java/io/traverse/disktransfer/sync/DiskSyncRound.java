package io.traverse.disktransfer.sync;

import io.traverse.disktransfer.copy.CopyEngine;
import io.traverse.disktransfer.copy.DiskReader;
import io.traverse.disktransfer.copy.Extent;
import io.traverse.disktransfer.copy.FileDiskWriter;
import io.traverse.disktransfer.copy.SourceRefusedException;
import io.traverse.disktransfer.target.Checkpoint;
import io.traverse.disktransfer.target.TargetVolume;
import io.traverse.disktransfer.target.TargetVolumes;
import io.traverse.disktransfer.vsphere.SourceOperations;
import io.traverse.events.DiskProgress;
import io.traverse.events.DiskSynced;
import io.traverse.events.SourceDisk;
import io.traverse.events.SourceVm;
import io.traverse.events.SyncedDisk;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One sync round of one VM, all its disks: the checks of the CBT feature (AC4 "volume already exists", AC5 "Volume
 * already converted"), power-off for the cutover, a snapshot that is removed again on every path, the extents to
 * copy from CBT (allocated areas in the first round, changed areas since the volume's stored change id later), the
 * copy with progress and checkpoints, and the new change id written to the volume's metadata (AC2).
 */
public final class DiskSyncRound {

    private static final Logger LOG = Logger.getLogger(DiskSyncRound.class);

    /** One disk of one snapshot, and where its data file is on the datastore HTTP API. */
    public record DiskSource(String vmId, String snapshot, SourceDisk disk, SourceOperations.DatastoreFile file) {
    }

    /**
     * Opens a source disk for reading: Pipeline B reads {@code file} (HTTP ranges, or nbdkit curl), Pipeline A asks
     * nbdkit's vddk plugin for {@code disk} of {@code snapshot}.
     */
    public interface ReaderFactory {
        DiskReader open(DiskSource source) throws IOException;
    }

    public interface ProgressSink {
        void progress(DiskProgress progress);
    }

    private final SourceOperations source;
    private final TargetVolumes volumes;
    private final ReaderFactory readers;
    private final CopySettings settings;
    private final ProgressSink progress;

    public DiskSyncRound(SourceOperations source, TargetVolumes volumes, ReaderFactory readers, CopySettings settings,
                         ProgressSink progress) {
        this.source = source;
        this.volumes = volumes;
        this.readers = readers;
        this.settings = settings;
        this.progress = progress;
    }

    /** The name of the snapshot a round makes; the sweep finds leftovers by {@link SourceOperations#SNAPSHOT_PREFIX}. */
    public static String snapshotName(SyncRequest req) {
        return SourceOperations.SNAPSHOT_PREFIX + req.migrationId() + "-r" + req.round();
    }

    public SyncOutcome run(SyncRequest req) {
        long started = System.nanoTime();
        SourceVm vm = req.mapping().vm();
        String snapshot = null;
        try {
            Map<Integer, TargetVolume> existing = new LinkedHashMap<>();
            for (SourceDisk d : vm.disks()) {
                Optional<TargetVolume> v = volumes.find(req.migrationId(), d.key());
                if (v.isPresent()) {
                    existing.put(d.key(), v.get());
                }
            }
            for (TargetVolume v : existing.values()) {
                if ("true".equalsIgnoreCase(v.metadata().get(TargetVolume.CONVERTED))) {
                    LOG.infof("Volume already converted: %s of migration %s, round %d skipped", v.id(), req.migrationId(), req.round());
                    List<SyncedDisk> disks = new ArrayList<>();
                    for (SourceDisk d : vm.disks()) {
                        TargetVolume t = existing.get(d.key());
                        if (t != null) {
                            disks.add(new SyncedDisk(d.key(), t.id(), t.metadata().get(TargetVolume.CHANGE_ID), 0, null));
                        }
                    }
                    return new SyncOutcome.Skipped("Volume already converted",
                            new DiskSynced(req.round(), req.cutover(), disks, req.mapping()));
                }
            }
            if (!req.cbtSync()) {
                for (TargetVolume v : existing.values()) {
                    if (!interruptedRound(v, req.round())) {
                        return new SyncOutcome.Failed("volume already exists: " + v.id()
                                + " (a full copy never overwrites a volume; ask for a CBT sync to continue it)", false);
                    }
                }
            }
            boolean cbtRound = req.cbtSync() && vm.cbtEnabled();
            if (req.cbtSync() && !vm.cbtEnabled()) {
                // a later round of a VM without CBT (a retried cold migration whose conversion or launch failed): no
                // change list to ask for, so the whole disk is copied again, over the volumes this migration created
                LOG.infof("Round %d of %s: Changed Block Tracking is off, copying the whole disk again into %s",
                        req.round(), vm.name(), existing.isEmpty() ? "new volumes" : "the volumes of this migration");
            }
            if (req.cutover()) {
                source.powerOff(vm.id());
            }
            Map<Integer, String> changeIds = Map.of();
            if (cbtRound) {
                snapshot = source.createSnapshot(vm.id(), snapshotName(req),
                        "Traverse disk sync of migration " + req.migrationId() + ", round " + req.round() + "; removed when the round ends");
                changeIds = source.snapshotChangeIds(snapshot);
            }
            List<DiskResult> results = copyAll(req, snapshot, changeIds, existing);
            List<SyncedDisk> synced = results.stream().map(DiskResult::disk).toList();
            List<SyncOutcome.DiskStats> stats = results.stream().map(DiskResult::stats).toList();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            return new SyncOutcome.Synced(new DiskSynced(req.round(), req.cutover(), synced, req.mapping(), took.toMillis()),
                    stats, took);
        } catch (IOException e) {
            SourceRefusedException refused = SourceRefusedException.in(e);
            if (refused != null && refused.permanent()) { // the disk is gone or the credentials are wrong: no retry helps
                LOG.errorf("Round %d of migration %s failed for good: %s", req.round(), req.migrationId(), refused.getMessage());
                return new SyncOutcome.Failed(refused.getMessage(), false);
            }
            LOG.warnf(e, "Round %d of migration %s failed", req.round(), req.migrationId());
            return new SyncOutcome.Failed("disk sync round " + req.round() + " failed: " + e.getMessage(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SyncOutcome.Failed("disk sync round " + req.round() + " was cancelled", true);
        } finally {
            if (snapshot != null) {
                // a cancelled round is interrupted: clear the flag for the removal's own HTTP call, then restore it
                boolean interrupted = Thread.interrupted();
                try {
                    source.removeSnapshot(snapshot);
                } catch (IOException e) {
                    LOG.warnf("Could not remove snapshot %s of %s (the dispatcher's sweep will): %s", snapshot, vm.id(), e.getMessage());
                } finally {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }

    private static boolean interruptedRound(TargetVolume v, int round) throws IOException {
        String cp = v.metadata().get(TargetVolume.CHECKPOINT);
        return cp != null && Checkpoint.decode(cp).round() == round;
    }

    private record DiskResult(SyncedDisk disk, SyncOutcome.DiskStats stats) {
    }

    private List<DiskResult> copyAll(SyncRequest req, String snapshot, Map<Integer, String> changeIds,
                                     Map<Integer, TargetVolume> existing) throws IOException, InterruptedException {
        SourceVm vm = req.mapping().vm();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.parallelDisks()));
        try {
            List<Future<DiskResult>> futures = new ArrayList<>();
            for (SourceDisk d : vm.disks()) {
                futures.add(pool.submit(() -> {
                    try {
                        return copyDisk(req, snapshot, changeIds.get(d.key()), d, existing.get(d.key()));
                    } catch (SourceRefusedException e) { // name the disk as the user knows it, not by its URL
                        throw new SourceRefusedException(e.httpStatus(), "source disk " + d.fileName() + " " + e.meaning(), e);
                    }
                }));
            }
            List<DiskResult> out = new ArrayList<>();
            for (Future<DiskResult> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    futures.forEach(x -> x.cancel(true));
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException(e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private DiskResult copyDisk(SyncRequest req, String snapshot, String snapshotChangeId, SourceDisk d,
                                TargetVolume volume) throws IOException, InterruptedException {
        long started = System.nanoTime();
        SourceVm vm = req.mapping().vm();
        boolean created = volume == null;
        if (created) {
            volume = volumes.create(req.migrationId(), vm.id(), d.key(), vm.name() + "-disk-" + d.key(), d.capacityBytes(),
                    req.mapping().volumeTypes().get(d.key()), req.mapping().availabilityZone());
        }
        Map<String, String> meta = volume.metadata();
        String stored = meta.get(TargetVolume.CHANGE_ID);
        Checkpoint previous = meta.containsKey(TargetVolume.CHECKPOINT)
                ? Checkpoint.decode(meta.get(TargetVolume.CHECKPOINT)) : null;
        if (previous != null && (previous.round() != req.round() || previous.chunkSize() != settings.chunkSize())) {
            previous = null; // another round's leftovers: that round's base is still the stored change id
        }
        boolean cbt = snapshot != null;
        String base = cbt ? (stored == null ? "*" : stored) : "-";
        TargetVolume target = volume;
        Checkpoint start = new Checkpoint(req.round(), cbt ? snapshot : "-", cbt ? snapshotChangeId : "-", base,
                settings.chunkSize(), 0);
        long resumeAbove = previous == null ? 0 : previous.doneOffset();
        if (previous == null) {
            // before the source is opened: a round that fails there leaves a volume marked as this round's interrupted
            // copy, which a rerun of the round (a retry of the migration) continues instead of refusing it (AC4)
            target.updateMetadata(Map.of(TargetVolume.CHECKPOINT, start.encode()));
        }
        try (TargetVolume.Attachment attachment = target.attach(); // detached again on every path
             DiskReader reader = readers.open(new DiskSource(vm.id(), snapshot, d, source.flatFile(vm.datacenter(), d.fileName())))) {
            long size = Math.min(reader.size(), volume.sizeBytes());
            List<Extent> plan = plan(vm.id(), snapshot, d, base, previous, size);
            List<Extent> chunks = CopyEngine.chunks(Extent.normalize(plan, size), settings.chunkSize());
            boolean zeroTarget = created || (stored == null && previous == null && !cbtHasHistory(meta));
            CopyEngine.Options o = CopyEngine.Options.defaults()
                    .withChunkSize(settings.chunkSize())
                    .withParallelism(settings.streamsPerDisk())
                    .withTargetIsZero(zeroTarget)
                    .withLimits(settings.limits())
                    .withProgress(settings.progressInterval(), (done, total, rate) -> progress.progress(new DiskProgress(
                            d.key(), req.round(), done, total, rate, rate > 0 ? (total - done) / rate : null)))
                    .withCheckpoint(settings.checkpointInterval(), (chunksDone, bytes) -> {
                        long offset = chunksDone == 0 ? 0 : chunks.get(chunksDone - 1).end();
                        if (offset >= resumeAbove) { // below the old mark the target is still at the old snapshot
                            target.updateMetadata(Map.of(TargetVolume.CHECKPOINT, start.withDoneOffset(offset).encode()));
                        }
                    });
            CopyEngine.Result r;
            try (FileDiskWriter writer = new FileDiskWriter(volume.device())) {
                r = CopyEngine.copy(plan, reader, writer, o);
            }
            TargetVolume finished = volumes.finish(target);
            Map<String, String> done = new LinkedHashMap<>();
            done.put(TargetVolume.CHECKPOINT, null);
            done.put(TargetVolume.ROUND, Integer.toString(req.round()));
            if (cbt) {
                done.put(TargetVolume.CHANGE_ID, snapshotChangeId);
            }
            finished.updateMetadata(done);
            // over the disk's capacity: a Cinder volume is rounded up to whole GiB, and the rest is zeros
            String sha = null;
            if (settings.verify()) {
                try (TargetVolume.Attachment a = finished == target ? null : finished.attach()) {
                    sha = sha256(finished.device(), Math.min(d.capacityBytes(), finished.sizeBytes()));
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            LOG.infof("Disk %d of %s round %d: %d bytes planned, %d read, %d written, %d zero skipped in %s%s",
                    d.key(), vm.name(), req.round(), r.bytesPlanned(), r.bytesRead(), r.bytesWritten(), r.bytesZero(),
                    took, previous != null ? " (resumed)" : "");
            return new DiskResult(new SyncedDisk(d.key(), finished.id(), cbt ? snapshotChangeId : null, r.bytesWritten(), sha,
                    took.toMillis()),
                    new SyncOutcome.DiskStats(d.key(), r.bytesPlanned(), r.bytesRead(), r.bytesWritten(), r.bytesZero(),
                            took, r.duration(), previous != null));
        }
    }

    private static boolean cbtHasHistory(Map<String, String> meta) {
        return meta.containsKey(TargetVolume.ROUND);
    }

    /**
     * What to copy. Without CBT: the whole disk (after the checkpoint when resuming). With CBT: the areas changed since
     * the base change id ("*": all allocated areas); when resuming, below the checkpoint's offset the target already
     * holds the interrupted run's snapshot, so there only what changed since that snapshot is copied.
     */
    private List<Extent> plan(String vm, String snapshot, SourceDisk d, String base, Checkpoint previous, long size)
            throws IOException {
        if (snapshot == null) {
            long from = previous == null ? 0 : previous.doneOffset();
            return List.of(new Extent(from, Math.max(0, size - from)));
        }
        List<Extent> upper = source.changedAreas(vm, snapshot, d.key(), base, d.capacityBytes());
        if (previous == null || previous.doneOffset() == 0) {
            return upper;
        }
        long mark = previous.doneOffset();
        List<Extent> lower = source.changedAreas(vm, snapshot, d.key(), previous.snapshotChangeId(), d.capacityBytes());
        List<Extent> plan = new ArrayList<>();
        for (Extent e : lower) {
            if (e.offset() < mark) {
                plan.add(new Extent(e.offset(), Math.min(e.end(), mark) - e.offset()));
            }
        }
        for (Extent e : upper) {
            if (e.end() > mark) {
                long s = Math.max(e.offset(), mark);
                plan.add(new Extent(s, e.end() - s));
            }
        }
        return plan;
    }

    /** Hex SHA-256 of the first {@code size} bytes of a volume. */
    public static String sha256(Path device, long size) throws IOException {
        try (InputStream in = Files.newInputStream(device)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            long left = size;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                md.update(buf, 0, n);
                left -= n;
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
