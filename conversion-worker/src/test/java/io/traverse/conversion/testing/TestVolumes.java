package io.traverse.conversion.testing;

import io.traverse.conversion.volumes.ConversionVolume;
import io.traverse.conversion.volumes.LocalFileVolumes;
import io.traverse.testbed.GuestImages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/** Target volumes for tests in the local layout ({@code <id>.raw} + {@code <id>.properties}), filled from a test image. */
public final class TestVolumes {

    private TestVolumes() {
    }

    /** A new volume holding a sparse copy of {@code image}. */
    public static ConversionVolume fromImage(Path dir, Path image) {
        String id = UUID.randomUUID().toString();
        GuestImages.copy(image, dir.resolve(id + ".raw"));
        return new LocalFileVolumes(dir).find(id).orElseThrow();
    }

    /** A new, zeroed volume of the given size. */
    public static ConversionVolume blank(Path dir, long size) {
        try {
            String id = UUID.randomUUID().toString();
            Files.createDirectories(dir);
            try (var f = new java.io.RandomAccessFile(dir.resolve(id + ".raw").toFile(), "rw")) {
                f.setLength(size);
            }
            return new LocalFileVolumes(dir).find(id).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
