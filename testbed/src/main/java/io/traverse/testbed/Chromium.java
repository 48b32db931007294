package io.traverse.testbed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium for the browser tests (driven by playwright-core, which downloads no browser): installed with
 * apt-get when missing, since CI machines start bare and run as root. {@link #ensureInstalled()} answers empty only
 * when apt-get could not install it, with the reason in {@link #lastFailure()}; the caller decides whether that
 * skips (loudly) or fails.
 */
public final class Chromium {

    public static final Path PATH = Path.of(System.getenv().getOrDefault("TRAVERSE_CHROMIUM", "/usr/bin/chromium"));

    private static volatile String lastFailure = "";

    private Chromium() {
    }

    public static synchronized Optional<Path> ensureInstalled() {
        if (Files.isExecutable(PATH)) {
            return Optional.of(PATH);
        }
        System.err.println("browser tests: " + PATH + " is missing; installing Debian's chromium with apt-get");
        lastFailure = install();
        return Files.isExecutable(PATH) ? Optional.of(PATH) : Optional.empty();
    }

    /** Why the last install did not work. */
    public static String lastFailure() {
        return lastFailure;
    }

    private static String install() {
        List<String> sudo = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            sudo.addAll(List.of("sudo", "-n"));
        }
        String last = "";
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "traverse-apt-chromium.log");
        for (List<String> cmd : List.of(
                List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "--no-install-recommends", "chromium"),
                List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "update", "-qq"),
                List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "--no-install-recommends", "chromium"))) {
            List<String> full = new ArrayList<>(sudo);
            full.addAll(cmd);
            try {
                Process p = new ProcessBuilder(full).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                p.getOutputStream().close();
                if (!p.waitFor(20, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    last = String.join(" ", full) + " timed out";
                } else {
                    last = String.join(" ", full) + " exited " + p.exitValue() + " (" + log + ")";
                }
            } catch (Exception e) {
                last = String.join(" ", full) + ": " + e.getMessage();
            }
            if (Files.isExecutable(PATH)) {
                return "";
            }
        }
        return last;
    }
}
