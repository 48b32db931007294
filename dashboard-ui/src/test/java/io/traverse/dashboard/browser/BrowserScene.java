package io.traverse.dashboard.browser;

import io.traverse.testbed.BrowserScript;
import io.traverse.testbed.Chromium;
import org.junit.jupiter.api.Assumptions;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs one scene of {@code src/main/webui/e2e/e2e.mjs} in Debian's chromium against the gateway; fails with its output.
 * Only when apt-get cannot install chromium is the scene skipped, and then with a loud, named reason.
 */
final class BrowserScene {

    private BrowserScene() {
    }

    static void run(URI gateway, String scene, Map<String, String> env) throws Exception {
        Path chromium = Chromium.ensureInstalled().orElse(null);
        if (chromium == null) {
            String line = "!".repeat(100);
            System.err.println(line);
            System.err.println("!!  BROWSER TESTS SKIPPED: chromium is not installed and apt-get could not install it: "
                    + Chromium.lastFailure());
            System.err.println(line);
            Assumptions.abort("BROWSER TESTS SKIPPED: chromium missing and not installable with apt-get: " + Chromium.lastFailure());
        }
        Map<String, String> all = new HashMap<>(Map.of("BASE_URL", gateway.toString(), "SCENE", scene,
                "SCREENSHOT_DIR", Path.of("target", "screenshots").toAbsolutePath().toString()));
        all.putAll(env);
        BrowserScript.run(Path.of("src", "main", "webui").toAbsolutePath(), "e2e/e2e.mjs", chromium, all, Duration.ofMinutes(15));
    }
}
