package io.traverse.disktransfer.nbd;

import io.traverse.disktransfer.copy.CopyEngine;
import io.traverse.disktransfer.copy.Extent;
import io.traverse.disktransfer.copy.FileDiskWriter;
import io.traverse.disktransfer.sync.CopySettings;
import io.traverse.disktransfer.sync.DiskSyncRound;
import io.traverse.disktransfer.sync.SyncOutcome;
import io.traverse.disktransfer.sync.SyncRequest;
import io.traverse.disktransfer.target.LocalFileVolumes;
import io.traverse.disktransfer.testing.HostTools;
import io.traverse.disktransfer.testing.VcsimDisk;
import io.traverse.disktransfer.vsphere.VsphereClient;
import io.traverse.events.MigrationMode;
import io.traverse.events.VmMapped;
import io.traverse.testbed.SharedTestbed;
import io.traverse.testbed.Vcsim;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pipeline A's NBD path: nbdkit serves the disk on a Unix socket and the worker reads it over NBD. VDDK cannot be
 * installed here (proprietary), so its command line is checked as such, and nbdkit's open {@code file} and
 * {@code curl} plugins stand in for the {@code vddk} plugin on the same path.
 */
class NbdPathTest {

    @TempDir
    Path work;

    @BeforeAll
    static void tools() {
        HostTools.require("nbdkit=nbdkit", "qemu-img=qemu-utils");
    }

    @Test
    void vddkCommandLineCarriesLibdirThumbprintTransportsAndKeepsThePasswordOffTheCommandLine() {
        VddkCommand c = new VddkCommand(Path.of("/opt/vmware-vix-disklib-distrib"), "vcenter.example", "svc-traverse",
                Path.of("/run/traverse/vc.pw"), "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01", "vm-42", "snapshot-7",
                "[LocalDS_0] erp-app-01/erp-app-01.vmdk", List.of("hotadd", "nbdssl", "nbd"), Optional.of(Path.of("/etc/vddk.conf")));
        assertEquals(List.of("vddk", "libdir=/opt/vmware-vix-disklib-distrib", "server=vcenter.example", "user=svc-traverse",
                "password=+/run/traverse/vc.pw", "thumbprint=AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01",
                "vm=moref=vm-42", "snapshot=snapshot-7", "transports=hotadd:nbdssl:nbd", "config=/etc/vddk.conf",
                "file=[LocalDS_0] erp-app-01/erp-app-01.vmdk"), c.pluginArgs());
        assertEquals(List.of("cacheextents", "retry"), c.filters());
        assertThrows(IllegalArgumentException.class, () -> new VddkCommand(Path.of("/x"), "h", "u", Path.of("/p"),
                "not-a-thumbprint", "vm-1", null, "[ds] a.vmdk", List.of("nbd"), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new VddkCommand(Path.of("/x"), "h", "u", Path.of("/p"),
                "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01", "vm-1", null, "[ds] a.vmdk", List.of("carrier-pigeon"),
                Optional.empty()));
    }

    @Test
    void nbdkitFileStandsInForVddkAndTheCopyOverNbdMatchesTheSource() throws Exception {
        Path src = work.resolve("source.raw");
        HostTools.check("qemu-img", "create", "-q", "-f", "raw", src.toString(), "48M");
        Random r = new Random(9);
        byte[] b = new byte[3 << 20];
        r.nextBytes(b);
        try (RandomAccessFile f = new RandomAccessFile(src.toFile(), "rw")) {
            f.seek(7L << 20);
            f.write(b);
            f.seek(40L << 20);
            f.write(b, 0, 100_000);
        }
        Path target = work.resolve("target.raw");
        try (RandomAccessFile f = new RandomAccessFile(target.toFile(), "rw")) {
            f.setLength(48L << 20);
        }
        try (NbdkitDiskReader reader = NbdkitDiskReader.start(List.of(), List.of("file", src.toString()));
             FileDiskWriter writer = new FileDiskWriter(target)) {
            assertEquals(48L << 20, reader.size());
            CopyEngine.Result result = CopyEngine.copy(List.of(new Extent(0, 48L << 20)), reader, writer, CopyEngine.Options.defaults());
            assertEquals(48L << 20, reader.bytesRead());
            assertTrue(result.bytesWritten() <= (3L << 20) + (2 << 16) + 100_000 + (1 << 16), "zeros not written: " + result.bytesWritten());
        }
        assertEquals(DiskSyncRound.sha256(src, 48L << 20), DiskSyncRound.sha256(target, 48L << 20));
    }

    @Test
    void nbdkitCurlReadsTheDatastoreForWarmRoundsOverNbd() throws IOException {
        Vcsim vcsim = SharedTestbed.vcsim();
        VcsimDisk disk = VcsimDisk.create(vcsim, "DC0_C1_RP0_VM6", work, 32L << 20, 6, 31);
        VmMapped mapped = disk.mapped(MigrationMode.WARM);
        UUID migration = UUID.randomUUID();
        LocalFileVolumes volumes = new LocalFileVolumes(work.resolve("volumes"));
        try (VsphereClient client = VsphereClient.login(URI.create(vcsim.sdkUrl()), vcsim.username(), vcsim.password(),
                Vcsim.insecureSslContext())) {
            DiskSyncRound round = new DiskSyncRound(client, volumes,
                    s -> NbdkitDiskReader.curl(s.file().uri(), s.file().headers(), false), CopySettings.defaults().withVerify(true), p -> { });
            SyncOutcome.Synced r1 = assertInstanceOf(SyncOutcome.Synced.class, round.run(SyncRequest.firstRound(migration, mapped)));
            assertEquals(disk.sha256(), r1.event().disks().getFirst().sha256());
            disk.writeRandom(20L << 20, 5000, new Random(1));
            disk.uploadFlat();
            SyncOutcome.Synced r2 = assertInstanceOf(SyncOutcome.Synced.class, round.run(new SyncRequest(migration, mapped, 2, true, true)));
            assertEquals(disk.sha256(), r2.event().disks().getFirst().sha256());
            assertEquals(64 * 1024, r2.stats().getFirst().bytesRead(), "one changed 64 KiB block over NBD");
        }
    }

    @Test
    void aMissingDiskReadThroughNbdkitCurlIsRefusedForGoodWithThe404() throws IOException {
        Vcsim vcsim = SharedTestbed.vcsim();
        URI gone = URI.create(vcsim.url() + "/folder/DC0_C1_RP0_VM6/gone-flat.vmdk?dcPath=%2FDC0&dsName=LocalDS_0");
        try (NbdkitDiskReader reader = NbdkitDiskReader.curl(gone, java.util.Map.of(), false)) {
            IOException e = assertThrows(IOException.class, reader::size);
            var refused = io.traverse.disktransfer.copy.SourceRefusedException.in(e);
            assertTrue(refused != null, "nbdkit's HTTP 404 reaches the round as a refusal, not as a dropped connection: " + e);
            assertEquals(404, refused.httpStatus());
            assertTrue(refused.permanent(), "a missing disk is not retried");
        }
    }
}
