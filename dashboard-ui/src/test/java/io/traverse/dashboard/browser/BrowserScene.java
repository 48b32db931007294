package io.traverse.dashboard.browser;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs one scene of {@code src/main/webui/e2e/e2e.mjs} in Debian's chromium against the gateway; fails with its output. */
final class BrowserScene {

    private BrowserScene() {
    }

    static void run(URI gateway, String scene, Map<String, String> env) throws Exception {
        Path chromium = Chromium.ensureInstalled();
        Path webui = Path.of("src", "main", "webui").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("node", "e2e/e2e.mjs").directory(webui.toFile()).redirectErrorStream(true);
        pb.environment().put("BASE_URL", gateway.toString());
        pb.environment().put("SCENE", scene);
        pb.environment().put("CHROMIUM", chromium.toString());
        pb.environment().put("SCREENSHOT_DIR", Path.of("target", "screenshots").toAbsolutePath().toString());
        pb.environment().putAll(env);
        Process node = pb.start();
        node.getOutputStream().close();
        StringBuilder out = new StringBuilder();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(l -> {
                    System.out.println(l);
                    out.append(l).append('\n');
                });
            } catch (Exception ignored) {
                // the process ended
            }
        });
        pump.start();
        boolean ended = node.waitFor(15, TimeUnit.MINUTES);
        if (!ended) {
            node.destroyForcibly();
        }
        pump.join(5000);
        assertTrue(ended, "the browser scene " + scene + " did not end within 15 minutes:\n" + out);
        assertEquals(0, node.exitValue(), "the browser scene " + scene + " failed (screenshots in target/screenshots):\n" + out);
    }
}
