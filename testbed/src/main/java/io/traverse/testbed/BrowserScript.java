package io.traverse.testbed;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the dashboard's browser scripts ({@code dashboard-ui/src/main/webui/e2e/*.mjs}: playwright-core driving
 * Debian's chromium) with node, its output passed through this JVM's System.out (surefire owns a fork's own stdout),
 * and fails with that output when the script fails or does not end in time.
 */
public final class BrowserScript {

    private BrowserScript() {
    }

    /**
     * @param webui    the web app's directory (its node_modules hold playwright-core)
     * @param script   the script, relative to {@code webui}, e.g. {@code e2e/e2e.mjs}
     * @param chromium the browser ({@link Chromium#ensureInstalled()})
     * @param env      the script's settings (BASE_URL, SCENE, SCREENSHOT_DIR, …)
     * @return what the script printed
     */
    public static String run(Path webui, String script, Path chromium, Map<String, String> env, Duration timeout) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("node", script).directory(webui.toFile()).redirectErrorStream(true);
        pb.environment().put("CHROMIUM", chromium.toString());
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
        }, "browser-script-output");
        pump.start();
        boolean ended = node.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
        }
        pump.join(5000);
        String what = script + (env.containsKey("SCENE") ? " (scene " + env.get("SCENE") + ")" : "");
        if (!ended) {
            throw new AssertionError(what + " did not end within " + timeout + ":\n" + out);
        }
        if (node.exitValue() != 0) {
            throw new AssertionError(what + " failed (screenshots in " + env.getOrDefault("SCREENSHOT_DIR", "target/screenshots")
                    + "):\n" + out);
        }
        return out.toString();
    }
}
