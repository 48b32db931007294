package io.traverse.e2e;

import io.traverse.testbed.Vcsim;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The real disk `./traverse seed-disks` put behind a vcsim VM: its flat extent in vcsim's datastore directory on this
 * machine (found with a probe file uploaded through /folder), where the test reads its checksum and plays the
 * guest's writes between pre-copy rounds.
 */
public record SourceDisk(String vm, Path flat, long capacity) {

    public static SourceDisk of(Stack stack, String vm) throws IOException, InterruptedException {
        for (String line : Files.readAllLines(stack.state.resolve("vcsim/disks.txt"))) {
            String[] f = line.split(" ");
            if (f[0].equals(vm)) {
                String ds = f[1].substring(1, f[1].length() - 1);
                String rel = f[2];
                return new SourceDisk(vm, datastoreDir(stack, ds).resolve(rel.replaceFirst("\\.vmdk$", "-flat.vmdk")),
                        Long.parseLong(f[3]));
            }
        }
        throw new IllegalStateException(vm + " has no seeded disk in " + stack.state.resolve("vcsim/disks.txt"));
    }

    static Path datastoreDir(Stack stack, String ds) throws IOException, InterruptedException {
        String probe = "traverse-e2e-probe-" + UUID.randomUUID();
        HttpClient http = HttpClient.newBuilder().sslContext(Vcsim.insecureSslContext()).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.vcsimEnv.get("VCSIM_URL") + "/folder/"
                + probe + "?dcPath=%2FDC0&dsName=" + ds)).PUT(HttpRequest.BodyPublishers.ofString(probe)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("probe upload: HTTP " + r.statusCode());
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")),
                "govcsim-*-" + ds + "-*")) {
            for (Path d : dirs) {
                if (Files.deleteIfExists(d.resolve(probe))) {
                    return d;
                }
            }
        }
        throw new IOException("vcsim's datastore " + ds + " is not on this machine");
    }

    /** SHA-256 of the disk's {@code capacity} bytes (what the guest sees: the data and the holes as zeros). */
    public String sha256() throws IOException {
        return sha256(flat, capacity);
    }

    public static String sha256(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocateDirect(4 << 20);
            long left = length;
            long pos = 0;
            while (left > 0) {
                buf.clear().limit((int) Math.min(buf.capacity(), left));
                int n = ch.read(buf, pos);
                if (n < 0) { // past the end of the file: zeros, as on a volume that was never written there
                    buf.clear().limit((int) Math.min(buf.capacity(), left));
                    while (buf.hasRemaining()) {
                        buf.put((byte) 0);
                    }
                    n = buf.position();
                }
                buf.flip();
                md.update(buf);
                pos += n;
                left -= n;
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Where {@code a} and {@code b} first differ within {@code length} bytes (-1: nowhere). Bytes past a file's end
     * count as zeros, as on a volume never written there. A direct comparison instead of two SHA-256 over the disk's
     * capacity: reading a sparse file's holes costs the kernel little, hashing 10 GiB of zeros twice per VM did not.
     */
    public static long firstDifference(Path a, Path b, long length) throws IOException {
        try (FileChannel ca = FileChannel.open(a, StandardOpenOption.READ);
             FileChannel cb = FileChannel.open(b, StandardOpenOption.READ)) {
            byte[] xa = new byte[4 << 20];
            byte[] xb = new byte[4 << 20];
            for (long pos = 0; pos < length; pos += xa.length) {
                int n = (int) Math.min(xa.length, length - pos);
                readFully(ca, xa, pos, n);
                readFully(cb, xb, pos, n);
                int at = java.util.Arrays.mismatch(xa, 0, n, xb, 0, n);
                if (at >= 0) {
                    return pos + at;
                }
            }
            return -1;
        }
    }

    private static void readFully(FileChannel ch, byte[] into, long pos, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(into, 0, n);
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos + buf.position());
            if (r < 0) { // past the end: zeros
                java.util.Arrays.fill(into, buf.position(), n, (byte) 0);
                return;
            }
        }
    }

    /** A guest write: {@code length} bytes of {@code seed}-derived data at {@code offset}, straight into the disk file. */
    public void write(long offset, int length, long seed) throws IOException {
        byte[] b = new byte[length];
        new java.util.Random(seed).nextBytes(b);
        try (RandomAccessFile f = new RandomAccessFile(flat.toFile(), "rw")) {
            f.seek(offset);
            f.write(b);
        }
    }
}
