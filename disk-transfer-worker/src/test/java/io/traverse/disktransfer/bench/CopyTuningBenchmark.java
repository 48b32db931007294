package io.traverse.disktransfer.bench;

import io.traverse.disktransfer.copy.CopyEngine;
import io.traverse.disktransfer.copy.DiskReader;
import io.traverse.disktransfer.copy.Extent;
import io.traverse.disktransfer.copy.FileDiskWriter;
import io.traverse.disktransfer.copy.HttpRangeReader;
import io.traverse.disktransfer.nbd.NbdkitDiskReader;
import io.traverse.disktransfer.testing.HostTools;
import io.traverse.disktransfer.testing.VcsimDisk;
import io.traverse.testbed.SharedTestbed;
import io.traverse.testbed.Vcsim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Copy-engine settings against bare nbdcopy on one disk (-Dtraverse.tune=true): how many streams, how big a chunk. */
@EnabledIfSystemProperty(named = "traverse.tune", matches = "true")
class CopyTuningBenchmark {

    @Test
    void tune() throws Exception {
        HostTools.require("nbdkit=nbdkit", "nbdcopy=libnbd-bin");
        Path work = Files.createDirectories(Path.of("target/tune").toAbsolutePath());
        Vcsim vcsim = SharedTestbed.vcsim();
        long size = 1L << 30;
        VcsimDisk disk = VcsimDisk.create(vcsim, "DC0_C0_RP0_VM5", work, 64L << 20, 0, 5);
        try (RandomAccessFile f = new RandomAccessFile(disk.raw.toFile(), "rw")) {
            f.setLength(size);
        }
        HostTools.check("sh", "-c", "head -c " + size + " /dev/urandom > " + disk.raw);
        HostTools.check("cp", "--sparse=always", disk.raw.toString(), disk.datastoreFile().toString());
        String url = vcsim.url() + "/folder/" + disk.vmName + "/disk1-flat.vmdk?dcPath=%2FDC0&dsName=LocalDS_0";
        Path target = work.resolve("t.raw");
        for (int rep = 0; rep < 1; rep++) {
            fresh(target, size);
            long t0 = System.nanoTime();
            HostTools.check("nbdcopy", "--", "[", "nbdkit", "--exit-with-parent", "-r", "curl", "url=" + url, "sslverify=false", "]", target.toString());
            System.out.printf("TUNE nbdcopy %.2f s%n", (System.nanoTime() - t0) / 1e9);
            for (String reader : List.of("http", "curl")) {
                for (int streams : List.of(4, 8)) {
                    for (int chunk : List.of(4, 8)) {
                        fresh(target, size);
                        t0 = System.nanoTime();
                        try (DiskReader r = reader.equals("http")
                                ? new HttpRangeReader(URI.create(url), Map.of(), Vcsim.insecureSslContext())
                                : NbdkitDiskReader.curl(URI.create(url), Map.of(), false);
                             FileDiskWriter w = new FileDiskWriter(target)) {
                            CopyEngine.copy(List.of(new Extent(0, size)), r, w,
                                    CopyEngine.Options.defaults().withParallelism(streams).withChunkSize(chunk << 20));
                        }
                        System.out.printf("TUNE %s streams=%d chunk=%dMiB %.2f s%n", reader, streams, chunk, (System.nanoTime() - t0) / 1e9);
                    }
                }
            }
        }
    }

    private static void fresh(Path p, long size) throws Exception {
        Files.deleteIfExists(p);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
        }
    }
}
