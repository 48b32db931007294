package io.traverse.disktransfer.bench;

import io.traverse.disktransfer.copy.HttpRangeReader;
import io.traverse.disktransfer.nbd.Nbdkit;
import io.traverse.disktransfer.sync.CopySettings;
import io.traverse.disktransfer.sync.DiskSyncRound;
import io.traverse.disktransfer.sync.SyncOutcome;
import io.traverse.disktransfer.sync.SyncRequest;
import io.traverse.disktransfer.target.LocalFileVolumes;
import io.traverse.disktransfer.target.TargetVolume;
import io.traverse.disktransfer.testing.HostTools;
import io.traverse.disktransfer.testing.VcsimDisk;
import io.traverse.disktransfer.vsphere.VsphereClient;
import io.traverse.events.MigrationMode;
import io.traverse.events.VmMapped;
import io.traverse.testbed.SharedTestbed;
import io.traverse.testbed.Vcsim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * bench/disk-transfer/run.sh: Traverse's sync rounds side by side with bare nbdcopy and qemu-img convert, same
 * source (vcsim's datastore /folder over HTTPS) and same kind of target (a sparse file standing in for the attached
 * volume). Three questions: full-copy throughput on a fully allocated disk, bytes moved on a sparse disk, and the
 * time of a delta round with 1 % of the disk changed. Writes a Markdown report to {@code traverse.bench.out}.
 */
@EnabledIfSystemProperty(named = "traverse.bench", matches = "true")
class DiskTransferBenchmark {

    static final long GIB = 1L << 30;
    static final long SIZE = Long.getLong("traverse.bench.size-gib", 4) * GIB;

    final Path work = Path.of(System.getProperty("traverse.bench.dir", "target/bench")).toAbsolutePath();
    final List<String> report = new ArrayList<>();
    boolean verify = true;
    final java.util.Map<String, String> sourceSha = new java.util.HashMap<>();

    @Test
    void run() throws Exception {
        HostTools.require("nbdkit=nbdkit", "nbdcopy=libnbd-bin", "qemu-img=qemu-utils");
        Files.createDirectories(work);
        Vcsim vcsim = SharedTestbed.vcsim();
        try (VsphereClient client = VsphereClient.login(URI.create(vcsim.sdkUrl()), vcsim.username(), vcsim.password(),
                Vcsim.insecureSslContext())) {
            line("# disk-transfer benchmark, " + Instant.now());
            line("");
            line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, load average at start "
                    + Files.readString(Path.of("/proc/loadavg")).strip() + "; source: vcsim /folder over HTTPS on 127.0.0.1;"
                    + " target: sparse file on the same disk. Full copies: medians of interleaved runs; the rest: one run.");
            line("");

            // 1. full copy of a fully allocated disk
            VcsimDisk full = inPlaceDisk(vcsim, "DC0_C0_RP0_VM3", SIZE, 1.0, 1);
            line("## Full copy, " + SIZE / GIB + " GiB fully allocated");
            line("");
            line("| tool | seconds | MiB/s | throughput vs nbdcopy |");
            line("|---|---:|---:|---:|");
            // interleaved repetitions, medians: the machine is shared, so each tool sees the same load over time
            int reps = Integer.getInteger("traverse.bench.reps", 5);
            List<Double> tNbdcopy = new ArrayList<>(), tQemu = new ArrayList<>(), tHttp = new ArrayList<>(), tCurl = new ArrayList<>();
            String url = full.vcsim.url() + "/folder/" + full.vmName + "/disk1-flat.vmdk?dcPath=%2FDC0&dsName=LocalDS_0";
            for (int i = 0; i < reps; i++) {
                verify = i == 0; // whole-disk hashes cost more than the copies: check each tool once
                tNbdcopy.add(timeNbdcopy(full, "full"));
                tQemu.add(timeQemuImg(full, "full"));
                tHttp.add(timeEngine(full, new HttpRangeReader(URI.create(url), java.util.Map.of(), Vcsim.insecureSslContext())));
                tCurl.add(timeEngine(full, io.traverse.disktransfer.nbd.NbdkitDiskReader.curl(URI.create(url), java.util.Map.of(), false)));
            }
            verify = true;
            double nbdcopy = median(tNbdcopy);
            LocalFileVolumes volumes = new LocalFileVolumes(work.resolve("volumes-" + UUID.randomUUID()));
            UUID migration = UUID.randomUUID();
            VmMapped mapped = full.mapped(MigrationMode.WARM);
            DiskSyncRound round = new DiskSyncRound(client, volumes,
                    s -> new HttpRangeReader(s.file().uri(), s.file().headers(), client.sslContext()), CopySettings.defaults(), p -> { });
            SyncOutcome.Synced r1 = (SyncOutcome.Synced) round.run(SyncRequest.firstRound(migration, mapped));
            double traverse = r1.duration().toNanos() / 1e9;
            double traverseCopy = r1.stats().getFirst().copyDuration().toNanos() / 1e9;
            row("nbdcopy (nbdkit curl → file), median of " + reps + " " + tNbdcopy, nbdcopy, SIZE, nbdcopy);
            row("qemu-img convert (nbdkit curl → raw), median of " + reps + " " + tQemu, median(tQemu), SIZE, nbdcopy);
            row("Traverse copy engine, reader http, median of " + reps + " " + tHttp, median(tHttp), SIZE, nbdcopy);
            row("Traverse copy engine, reader nbdkit-curl, median of " + reps + " " + tCurl, median(tCurl), SIZE, nbdcopy);
            row("Traverse round 1 as the Job runs it (snapshot, CBT query, copy, metadata, snapshot removal), once", traverse, SIZE, nbdcopy);
            line("");
            line(String.format("Throughput ratio Traverse / nbdcopy (copy engine, reader http, medians): **%.2f**; "
                    + "with nbdkit-curl: **%.2f**; whole round: %.2f (target ≥ 0.95).", nbdcopy / median(tHttp),
                    nbdcopy / median(tCurl), nbdcopy / traverse));
            line("");
            line("vcsim's snapshot hashes every allocated block of the disk file to answer QueryChangedDiskAreas later (a "
                    + "simulator cost: vCenter tracks changes as they happen), so the whole-round rows carry it; the copy rows do not.");
            line("");

            // 2. delta round: 1 % of the disk changed
            Random r = new Random(42);
            Path ds = full.datastoreFile();
            long changed = 0;
            for (int i = 0; i < SIZE / (100L << 20); i++) {      // 1 % in 1 MiB writes at random places
                long off = ((long) r.nextInt((int) (SIZE >> 20))) << 20;
                byte[] b = new byte[1 << 20];
                r.nextBytes(b);
                full.write(off, b);
                try (RandomAccessFile f = new RandomAccessFile(ds.toFile(), "rw")) {
                    f.seek(off);
                    f.write(b);
                }
                changed += b.length;
            }
            SyncOutcome.Synced r2 = (SyncOutcome.Synced) round.run(new SyncRequest(migration, mapped, 2, false, true));
            double delta = r2.duration().toNanos() / 1e9;
            TargetVolume v = volumes.find(migration, full.diskKey).orElseThrow();
            boolean equal = DiskSyncRound.sha256(v.device(), SIZE).equals(full.sha256());
            line("## Delta round, 1 % of " + SIZE / GIB + " GiB changed");
            line("");
            double deltaCopy = r2.stats().getFirst().copyDuration().toNanos() / 1e9;
            line("| | bytes read from the source | round seconds | of the full round | copy seconds | of the full copy |");
            line("|---|---:|---:|---:|---:|---:|");
            line(String.format("| round 1 (full) | %,d | %.2f | 100 %% | %.2f | 100 %% |", r1.stats().getFirst().bytesRead(), traverse, traverseCopy));
            line(String.format("| round 2 (delta, %,d bytes changed) | %,d | %.2f | **%.1f %%** | %.2f | **%.1f %%** |", changed,
                    r2.stats().getFirst().bytesRead(), delta, 100 * delta / traverse, deltaCopy, 100 * deltaCopy / traverseCopy));
            // what of the round is the simulator: a snapshot alone (vcsim hashes the whole disk for its CBT answers)
            long snapStarted = System.nanoTime();
            client.removeSnapshot(client.createSnapshot(full.vmId, "bench-fixed-cost", "timing the simulator"));
            double snapshotSecs = (System.nanoTime() - snapStarted) / 1e9;
            line(String.format("| round 2 without the simulator's snapshot cost (a snapshot taken and removed alone: %.2f s) | | %.2f | **%.1f %%** | | |",
                    snapshotSecs, Math.max(0, delta - snapshotSecs), 100 * Math.max(0, delta - snapshotSecs) / traverse));
            line("");
            line("Target ≤ 5 % of the full-copy time. Whole-disk SHA-256 of target and source after round 2: "
                    + (equal ? "equal" : "**DIFFERENT**") + ". A round's fixed cost (snapshot, SOAP calls, metadata, "
                    + "snapshot removal) does not grow with the changed bytes; in vcsim the snapshot also reads and "
                    + "checksums the whole disk, which a real vCenter does not do.");
            line("");

            // 3. sparse disk
            VcsimDisk sparse = inPlaceDisk(vcsim, "DC0_C0_RP0_VM4", SIZE, 0.05, 2);
            long allocated = sparse.dataBytes();
            double nbdcopySparse = timeNbdcopy(sparse, "sparse");
            LocalFileVolumes sv = new LocalFileVolumes(work.resolve("volumes-" + UUID.randomUUID()));
            DiskSyncRound sround = new DiskSyncRound(client, sv,
                    s -> new HttpRangeReader(s.file().uri(), s.file().headers(), client.sslContext()), CopySettings.defaults(), p -> { });
            SyncOutcome.Synced s1 = (SyncOutcome.Synced) sround.run(SyncRequest.firstRound(UUID.randomUUID(), sparse.mapped(MigrationMode.WARM)));
            long moved = s1.stats().getFirst().bytesRead();
            line("## Sparse disk, " + SIZE / GIB + " GiB with 5 % allocated");
            line("");
            line("| tool | bytes read from the source | read / allocated | seconds |");
            line("|---|---:|---:|---:|");
            line(String.format("| nbdcopy (nbdkit curl: no extents over HTTP) | %,d | %.2f | %.2f |", SIZE, (double) SIZE / allocated, nbdcopySparse));
            line(String.format("| Traverse (CBT allocated areas) | %,d | **%.3f** | %.2f |", moved, (double) moved / allocated,
                    s1.duration().toNanos() / 1e9));
            line("");
            line(String.format("Allocated: %,d bytes. Target ≤ 1.05.", allocated));
            deleteVolumes(sv);
            deleteVolumes(volumes);
        }
        Path out = Path.of(System.getProperty("traverse.bench.out", work.resolve("results.md").toString()));
        Files.writeString(out, String.join("\n", report) + "\n");
        System.out.println(String.join("\n", report));
    }

    private static String sha(VcsimDisk disk) {
        try {
            return disk.sha256();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    /** The copy engine alone with default settings, whole disk, to a fresh sparse file. */
    private double timeEngine(VcsimDisk disk, io.traverse.disktransfer.copy.DiskReader reader) throws Exception {
        Path target = sparseTarget("engine", disk.size());
        long t0 = System.nanoTime();
        try (reader; var w = new io.traverse.disktransfer.copy.FileDiskWriter(target)) {
            CopySettings d = CopySettings.defaults();
            io.traverse.disktransfer.copy.CopyEngine.copy(List.of(new io.traverse.disktransfer.copy.Extent(0, disk.size())), reader, w,
                    io.traverse.disktransfer.copy.CopyEngine.Options.defaults().withChunkSize(d.chunkSize()).withParallelism(d.streamsPerDisk()));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        check(disk, target);
        return Math.round(secs * 100) / 100.0;
    }

    private void line(String s) {
        report.add(s);
    }

    private void row(String tool, double secs, long bytes, double nbdcopySecs) {
        line(String.format("| %s | %.2f | %.0f | %.2f |", tool, secs, bytes / secs / (1 << 20), nbdcopySecs / secs));
    }

    /**
     * A VM disk whose data is written in place in vcsim's datastore directory (sparse, as a thin disk on the host):
     * a descriptor through /folder, the flat extent with qemu-img; {@code fill} of it is random data in 1 MiB blocks.
     */
    private VcsimDisk inPlaceDisk(Vcsim vcsim, String vm, long size, double fill, long seed) throws IOException {
        VcsimDisk disk = VcsimDisk.create(vcsim, vm, work, 64L << 20, 0, seed); // small upload: descriptor + stub
        Path raw = disk.raw;
        try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
            f.setLength(size);
        }
        SplittableRandom r = new SplittableRandom(seed);
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.WRITE)) {
            for (long off = 0; off < size; off += 1 << 20) {
                if (fill < 1.0 && r.nextDouble() >= fill) {
                    continue;
                }
                buf.clear();
                while (buf.hasRemaining()) {
                    buf.putLong(r.nextLong());
                }
                buf.flip();
                ch.write(buf, off);
            }
        }
        Path ds = disk.datastoreFile();
        HostTools.check("cp", "--sparse=always", raw.toString(), ds.toString());
        return withCapacity(disk, size);
    }

    private static void deleteVolumes(LocalFileVolumes v) throws IOException {
        // each volume is a file of the disk's size: do not keep gigabytes around between measurements
        try (var files = Files.walk(v.directory())) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static VcsimDisk withCapacity(VcsimDisk disk, long size) {
        return disk; // mapped() reads the size of the local image, which is now the full size
    }

    private double timeNbdcopy(VcsimDisk disk, String tag) throws IOException {
        Path target = sparseTarget("nbdcopy-" + tag, disk.size());
        String url = disk.vcsim.url() + "/folder/" + disk.vmName + "/disk1-flat.vmdk?dcPath=%2FDC0&dsName=LocalDS_0";
        long t0 = System.nanoTime();
        HostTools.check("nbdcopy", "--", "[", "nbdkit", "--exit-with-parent", "-r", "curl", "url=" + url, "sslverify=false", "]",
                target.toString());
        double secs = (System.nanoTime() - t0) / 1e9;
        check(disk, target);
        return Math.round(secs * 100) / 100.0;
    }

    private double timeQemuImg(VcsimDisk disk, String tag) throws IOException {
        Path target = work.resolve("qemu-img-" + tag + ".raw");
        Files.deleteIfExists(target);
        String url = disk.vcsim.url() + "/folder/" + disk.vmName + "/disk1-flat.vmdk?dcPath=%2FDC0&dsName=LocalDS_0";
        long t0 = System.nanoTime();
        try (Nbdkit nbdkit = Nbdkit.start(List.of(), List.of("curl", "url=" + url, "sslverify=false"))) {
            HostTools.check("qemu-img", "convert", "-f", "raw", "-O", "raw", nbdkit.uri(), target.toString());
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        check(disk, target);
        return Math.round(secs * 100) / 100.0;
    }

    private Path sparseTarget(String name, long size) throws IOException {
        Path p = work.resolve(name + ".raw");
        Files.deleteIfExists(p);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
        }
        return p;
    }

    private void check(VcsimDisk disk, Path target) throws IOException {
        if (verify && !DiskSyncRound.sha256(target, disk.size()).equals(sourceSha.computeIfAbsent(disk.vmName, k -> sha(disk)))) {
            throw new IllegalStateException(target + " differs from the source");
        }
        Files.delete(target);
    }
}
