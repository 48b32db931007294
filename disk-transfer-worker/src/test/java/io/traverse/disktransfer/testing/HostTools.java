package io.traverse.disktransfer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The disk tools the tests run for real (qemu-img, nbdkit, nbdcopy), installed from Debian on first use when
 * missing, like the testbed installs Go for vcsim. The Job image installs the same packages (see docs/disk-transfer.md).
 */
public final class HostTools {

    private HostTools() {
    }

    /** Makes sure each command exists, installing its Debian package if not: {@code "qemu-img=qemu-utils"}. */
    public static synchronized void require(String... commandEqualsPackage) {
        List<String> missing = new ArrayList<>();
        for (String cp : commandEqualsPackage) {
            String[] p = cp.split("=", 2);
            if (!onPath(p[0])) {
                missing.add(p[1]);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "-q",
                "--no-install-recommends"));
        cmd.addAll(missing);
        if (run(cmd) != 0) {
            run(List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "update", "-q"));
            if (run(cmd) != 0) {
                throw new IllegalStateException("could not install " + missing);
            }
        }
    }

    public static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command, output to this JVM's stderr; returns its exit code. */
    public static int run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public static void check(String... cmd) {
        int rc = run(List.of(cmd));
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + rc);
        }
    }
}
