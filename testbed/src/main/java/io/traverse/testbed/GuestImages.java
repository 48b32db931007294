package io.traverse.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Linux test guests of {@code testbed/guest-image/build-guest-image.sh} (Debian 12 minbase, VMware-like and
 * virtio-ready variants, a data disk), built on first use (minutes: debootstrap + one libguestfs appliance; needs
 * root and the Debian mirror) and cached in {@code ~/.cache/traverse/guest-images}. Later calls cost one script run
 * that only prints the cached manifest. Tests must never write to these files: {@link #copy} them first.
 *
 * @param vmware      root by kernel name in fstab (/dev/sda1), no virtio in the initramfs: needs virt-v2v
 * @param virtio      the same with Debian's default initramfs (virtio in it): the light path
 * @param data        an ext4 data disk without an OS
 * @param kernel      the guest's kernel version
 * @param rootUuid    the root file system's UUID (both OS variants)
 * @param buildSeconds how long the build took when it ran
 */
public record GuestImages(Path vmware, Path virtio, Path data, String kernel, String rootUuid, long buildSeconds) {

    /** Serial console line the guests print once their file systems are mounted, before they power off. */
    public static final String BOOT_MARKER = "TRAVERSE-GUEST-BOOTED";

    private static GuestImages cached;

    /** Builds the images if needed (root) and returns them. */
    public static synchronized GuestImages get() {
        if (cached == null) {
            cached = build();
        }
        return cached;
    }

    /** A sparse copy of an image that a test may change. */
    public static Path copy(Path image, Path target) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Process p = new ProcessBuilder("cp", "--sparse=always", image.toString(), target.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("cp failed: " + out);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static GuestImages build() {
        Path script = script();
        try {
            Path log = Files.createTempFile("guest-image-", ".log");
            Process p = new ProcessBuilder(script.toString()).redirectError(log.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
                String err = Files.readString(log);
                throw new IllegalStateException(script + " failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + "):\n"
                        + err.substring(Math.max(0, err.length() - 4000)));
            }
            Files.deleteIfExists(log);
            Map<String, String> m = new LinkedHashMap<>();
            out.lines().filter(l -> l.contains("=")).forEach(l -> m.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
            return new GuestImages(Path.of(m.get("GUEST_VMWARE")), Path.of(m.get("GUEST_VIRTIO")), Path.of(m.get("GUEST_DATA")),
                    m.get("GUEST_KERNEL"), m.get("GUEST_ROOT_UUID"), Long.parseLong(m.getOrDefault("GUEST_BUILD_SECONDS", "0")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code testbed/guest-image/build-guest-image.sh} in the working directory or a parent (any module of a checkout). */
    static Path script() {
        String set = System.getProperty("traverse.testbed.guest-image.script", System.getenv("TRAVERSE_GUEST_IMAGE_SCRIPT"));
        if (set != null) {
            return Path.of(set);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("testbed/guest-image/build-guest-image.sh");
            if (Files.isExecutable(s)) {
                return s;
            }
        }
        throw new IllegalStateException("testbed/guest-image/build-guest-image.sh not found from " + Path.of("").toAbsolutePath()
                + " (set traverse.testbed.guest-image.script)");
    }
}
