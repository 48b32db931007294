package io.traverse.disktransfer.testing;

import io.traverse.events.Firmware;
import io.traverse.events.MigrationMode;
import io.traverse.events.MigrationRequested;
import io.traverse.events.PowerState;
import io.traverse.events.SourceDisk;
import io.traverse.events.SourceVm;
import io.traverse.events.TargetFlavor;
import io.traverse.events.VmMapped;
import io.traverse.testbed.Vcsim;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A vcsim VM with a real disk: a raw image with known content and holes, turned into a monolithicFlat VMDK by
 * qemu-img (descriptor + flat extent) and uploaded through the datastore's {@code /folder} PUT, where vcsim keeps it
 * as a real file. "Guest writes" change the local image and upload the flat file again; the next snapshot sees them.
 */
public final class VcsimDisk {

    public final Sim vcsim;
    public final String vmName;
    public final String vmId;
    public final int diskKey;
    public final String fileName;
    public final Path raw;
    private final String uuid;
    private final HttpClient http;

    private VcsimDisk(Sim vcsim, String vmName, String vmId, int diskKey, String fileName, String uuid, Path raw) {
        this.vcsim = vcsim;
        this.vmName = vmName;
        this.vmId = vmId;
        this.diskKey = diskKey;
        this.fileName = fileName;
        this.uuid = uuid;
        this.raw = raw;
        this.http = HttpClient.newBuilder().sslContext(Vcsim.insecureSslContext()).build();
    }

    /** Gives the VM a disk of {@code size} bytes with {@code dataBlocks} random 1 MiB blocks spread over it (rest holes). */
    public static VcsimDisk create(Vcsim vcsim, String vmName, Path workDir, long size, int dataBlocks, long seed)
            throws IOException {
        return create(Sim.of(vcsim), vmName, workDir, size, dataBlocks, seed);
    }

    public static VcsimDisk create(Sim vcsim, String vmName, Path workDir, long size, int dataBlocks, long seed)
            throws IOException {
        HostTools.require("qemu-img=qemu-utils");
        String info = vcsim.govc("vm.info", "-json", vmName);
        String vmId = first(info, "\"Self\":\\s*\\{\\s*\"Type\":\\s*\"VirtualMachine\",\\s*\"Value\":\\s*\"(vm-\\d+)\"");
        String uuid = first(info, "\"Uuid\":\\s*\"([0-9a-f-]{36})\"");
        String text = vcsim.govc("vm.info", vmName);
        Matcher m = Pattern.compile("disk key=(\\d+) (\\[[^]]+\\] \\S+)").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no disk in " + text);
        }
        Path raw = workDir.resolve(vmName + ".raw");
        Files.deleteIfExists(raw);
        HostTools.check("qemu-img", "create", "-q", "-f", "raw", raw.toString(), Long.toString(size));
        VcsimDisk disk = new VcsimDisk(vcsim, vmName, vmId, Integer.parseInt(m.group(1)), m.group(2), uuid, raw);
        Random r = new Random(seed);
        long blocks = size >> 20;
        for (int i = 0; i < dataBlocks; i++) {
            disk.writeRandom(((long) r.nextInt((int) blocks)) << 20, 1 << 20, r);
        }
        disk.uploadAsVmdk(workDir);
        vcsim.govc("vm.cbt", "-on", vmName);
        return disk;
    }

    /** A guest write: {@code length} random bytes at {@code offset} of the local image (upload with {@link #uploadFlat()}). */
    public void writeRandom(long offset, int length, Random r) throws IOException {
        byte[] b = new byte[length];
        r.nextBytes(b);
        write(offset, b);
    }

    public void write(long offset, byte[] data) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
            f.seek(offset);
            f.write(data);
        }
    }

    /** qemu-img convert to a monolithicFlat VMDK, then PUT the descriptor and the flat extent. */
    private void uploadAsVmdk(Path workDir) throws IOException {
        Path vmdk = workDir.resolve(vmName + "-upload.vmdk");
        Path flat = workDir.resolve(vmName + "-upload-flat.vmdk");
        Files.deleteIfExists(vmdk);
        Files.deleteIfExists(flat);
        HostTools.check("qemu-img", "convert", "-q", "-f", "raw", "-O", "vmdk", "-o", "subformat=monolithicFlat",
                raw.toString(), vmdk.toString());
        String descriptor = Files.readString(vmdk).replace(vmdk.getFileName().toString().replace(".vmdk", "-flat.vmdk"),
                "disk1-flat.vmdk");
        put(path("disk1.vmdk"), HttpRequest.BodyPublishers.ofString(descriptor));
        put(path("disk1-flat.vmdk"), HttpRequest.BodyPublishers.ofFile(flat));
        Files.delete(vmdk);
        Files.delete(flat);
    }

    /**
     * The flat extent's file in vcsim's datastore directory on this host (found by uploading a probe file through
     * /folder and looking for it): for benchmarks whose guest writes go straight into the disk file, as on the ESXi
     * host, instead of re-uploading gigabytes.
     */
    public Path datastoreFile() throws IOException {
        String probe = "traverse-probe-" + UUID.randomUUID();
        put(path(probe), HttpRequest.BodyPublishers.ofString(probe));
        String dir = fileName.substring(fileName.indexOf(']') + 1).strip();
        dir = dir.substring(0, dir.lastIndexOf('/'));
        try (var roots = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")), "govcsim-*")) {
            for (Path root : roots) {
                Path candidate = root.resolve(dir);
                if (Files.exists(candidate.resolve(probe))) {
                    Files.delete(candidate.resolve(probe));
                    return candidate.resolve("disk1-flat.vmdk");
                }
            }
        }
        throw new IOException("vcsim's datastore directory for " + dir + " was not found");
    }

    /**
     * Makes the flat extent unreadable until the returned handle is closed: the file is moved aside in vcsim's
     * datastore directory and a directory takes its name, which the datastore does not serve as a file. A round that
     * meets it fails with an I/O error, not with the 404 of a missing disk, so its failure is retryable.
     */
    public AutoCloseable flatFileUnreadable() throws IOException {
        Path flat = datastoreFile();
        Path aside = flat.resolveSibling(flat.getFileName() + ".aside");
        Files.move(flat, aside);
        Files.createDirectory(flat);
        return () -> {
            Files.delete(flat);
            Files.move(aside, flat);
        };
    }

    /** Uploads the local image as the flat extent again (the guest's writes reach the datastore). */
    public void uploadFlat() throws IOException {
        put(path("disk1-flat.vmdk"), HttpRequest.BodyPublishers.ofFile(raw));
    }

    private String path(String name) {
        String dir = fileName.substring(fileName.indexOf(']') + 1).strip();
        dir = dir.substring(0, dir.lastIndexOf('/'));
        return "/folder/" + dir + "/" + name + "?dcPath=%2FDC0&dsName=" + fileName.substring(1, fileName.indexOf(']'));
    }

    private void put(String path, HttpRequest.BodyPublisher body) throws IOException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(vcsim.url() + path))
                    .timeout(Duration.ofMinutes(5)).PUT(body).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IOException("PUT " + path + " -> HTTP " + r.statusCode() + " " + r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public long size() throws IOException {
        return Files.size(raw);
    }

    /** The vm.mapped payload for this VM, as network-mapper would send it. */
    public VmMapped mapped(MigrationMode mode) throws IOException {
        return mapped(mode, true);
    }

    public VmMapped mapped(MigrationMode mode, boolean cbtEnabled) throws IOException {
        SourceVm vm = new SourceVm(vmId, vmName, uuid, 1, 32, "otherGuest", Firmware.BIOS, PowerState.POWERED_ON,
                "DC0_C0", "DC0_C0_H0", "DC0", cbtEnabled,
                List.of(new SourceDisk(diskKey, fileName, fileName.substring(1, fileName.indexOf(']')), size(), true,
                        "pvscsi 0:0", null)),
                List.of());
        MigrationRequested req = new MigrationRequested(UUID.randomUUID(), 1, vmId, vmName, mode, null, null, List.of(), "test");
        return new VmMapped(req, vm, new TargetFlavor("1", "m1.tiny", 1, 256, 0, false), "nova", List.of(),
                Map.of(diskKey, "__DEFAULT__"));
    }

    public String sha256() throws IOException {
        return io.traverse.disktransfer.sync.DiskSyncRound.sha256(raw, size());
    }

    /** Bytes of the image that are not zero, counted in 64 KiB blocks (what CBT reports as allocated). */
    public long dataBytes() throws IOException {
        byte[] buf = new byte[64 * 1024];
        byte[] zero = new byte[buf.length];
        long total = 0;
        try (var in = Files.newInputStream(raw)) {
            int n;
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                if (java.util.Arrays.mismatch(buf, 0, n, zero, 0, n) >= 0) {
                    total += n;
                }
            }
        }
        return total;
    }

    private static String first(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in vm.info output");
        }
        return m.group(1);
    }
}
