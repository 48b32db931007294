package io.traverse.dashboard.browser;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium for the browser tests: installed with apt when missing (CI machines are bare, and root). Only when
 * apt cannot install it are the browser tests skipped, and then with a loud, named reason.
 */
final class Chromium {

    static final Path PATH = Path.of(System.getenv().getOrDefault("TRAVERSE_CHROMIUM", "/usr/bin/chromium"));

    private Chromium() {
    }

    static synchronized Path ensureInstalled() {
        if (Files.isExecutable(PATH)) {
            return PATH;
        }
        System.err.println("browser tests: " + PATH + " is missing; installing Debian's chromium with apt-get");
        String why = install();
        if (!Files.isExecutable(PATH)) {
            String line = "!".repeat(100);
            System.err.println(line);
            System.err.println("!!  BROWSER TESTS SKIPPED: chromium is not installed and apt-get could not install it: " + why);
            System.err.println("!!  Install it (apt-get install chromium) and run the build again.");
            System.err.println(line);
            Assumptions.abort("BROWSER TESTS SKIPPED: chromium missing and not installable with apt-get: " + why);
        }
        return PATH;
    }

    private static String install() {
        List<String> sudo = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            sudo.addAll(List.of("sudo", "-n"));
        }
        String last = "";
        for (List<String> cmd : List.of(
                List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "--no-install-recommends", "chromium"),
                List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "update", "-qq"),
                List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "--no-install-recommends", "chromium"))) {
            List<String> full = new ArrayList<>(sudo);
            full.addAll(cmd);
            try {
                Process p = new ProcessBuilder(full).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "apt-chromium.log").toFile())).start();
                p.getOutputStream().close();
                if (!p.waitFor(20, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    last = String.join(" ", full) + " timed out";
                } else {
                    last = String.join(" ", full) + " exited " + p.exitValue() + " (target/apt-chromium.log)";
                }
            } catch (Exception e) {
                last = String.join(" ", full) + ": " + e.getMessage();
            }
            if (Files.isExecutable(PATH)) {
                return "installed";
            }
        }
        return last;
    }
}
