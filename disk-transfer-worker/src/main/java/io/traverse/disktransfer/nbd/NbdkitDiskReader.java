package io.traverse.disktransfer.nbd;

import io.traverse.disktransfer.copy.DiskReader;
import io.traverse.disktransfer.copy.SourceRefusedException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/** A disk read through an nbdkit server this reader owns: started on open, stopped on close. */
public final class NbdkitDiskReader implements DiskReader {

    private final Nbdkit nbdkit;
    private final NbdReader reader;

    private NbdkitDiskReader(Nbdkit nbdkit) {
        this.nbdkit = nbdkit;
        this.reader = new NbdReader(nbdkit.socket());
    }

    public static NbdkitDiskReader start(List<String> filters, List<String> pluginAndParams) throws IOException {
        return new NbdkitDiskReader(Nbdkit.start(filters, pluginAndParams));
    }

    /** Pipeline A: VMware's VDDK through nbdkit's vddk plugin. */
    public static NbdkitDiskReader vddk(VddkCommand command) throws IOException {
        return start(command.filters(), command.pluginArgs());
    }

    /**
     * Pipeline B through nbdkit's curl plugin instead of Java's HTTP client: the datastore URL with the session cookie
     * (handed over in a private file, never on the command line).
     */
    public static NbdkitDiskReader curl(java.net.URI uri, Map<String, String> headers, boolean verifyTls) throws IOException {
        Path cookie = Files.createTempFile("traverse-cookie", ".txt",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(cookie, headers.getOrDefault("Cookie", ""));
        try {
            return start(List.of("retry"), List.of("curl", "url=" + uri, "cookie=+" + cookie, "sslverify=" + verifyTls));
        } finally {
            // nbdkit reads the file at start-up
            Files.deleteIfExists(cookie);
        }
    }

    public String uri() {
        return nbdkit.uri();
    }

    public long bytesRead() {
        return reader.bytesRead();
    }

    @Override
    public long size() throws IOException {
        try {
            return reader.size();
        } catch (IOException e) {
            throw refusedOr(e);
        }
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        try {
            reader.read(offset, dst);
        } catch (IOException e) {
            throw refusedOr(e);
        }
    }

    /**
     * A source that refused (the curl plugin logged an HTTP 4xx: the disk is gone, the session is not accepted) as a
     * {@link SourceRefusedException}, so the round fails for good on a 404 as it does with the {@code http} reader,
     * instead of being retried like a dropped connection. Anything else as it came.
     */
    private IOException refusedOr(IOException e) {
        var status = nbdkit.lastHttpError();
        if (status.isPresent() && status.getAsInt() / 100 == 4) {
            return new SourceRefusedException(status.getAsInt(), "nbdkit's source answered HTTP " + status.getAsInt(), e);
        }
        return e;
    }

    @Override
    public void close() {
        reader.close();
        nbdkit.close();
    }
}
