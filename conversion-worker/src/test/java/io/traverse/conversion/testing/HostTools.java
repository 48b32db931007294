package io.traverse.conversion.testing;

import io.traverse.conversion.guest.GuestTools;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The disk tools on this machine, installed on first use by {@code testbed/guest-image/ensure-tools.sh} (as root; a
 * non-root run fails with the apt-get line to run), and set up for libguestfs without KVM.
 */
public final class HostTools {

    private HostTools() {
    }

    /** libguestfs' direct backend on TCG (LIBGUESTFS_BACKEND_SETTINGS in the environment wins): see docs/conversion.md. */
    public static GuestTools guestTools(Path workDir) {
        io.traverse.testbed.GuestImages.get(); // runs ensure-tools.sh, then builds or finds the images
        String settings = Optional.ofNullable(System.getenv("LIBGUESTFS_BACKEND_SETTINGS")).orElse("force_tcg");
        return GuestTools.of("direct", Optional.of(settings), workDir);
    }
}
