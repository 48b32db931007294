package io.traverse.dashboard.browser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real browser (Debian's chromium, driven by playwright-core from {@code src/main/webui/e2e}),
 * served by this gateway, against the real migration-api and discovery-service on the testbed's PostgreSQL, Kafka
 * and vcsim ({@link RealBackends}). The phases after discovery are not built yet: {@link StandInPhaseServices}
 * plays them by publishing their real events on Kafka. Screenshots of every screen go to
 * {@code target/screenshots}.
 */
@QuarkusTest
@WithTestResource(RealBackends.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationMonitorBrowserTest {

    private static StandInPhaseServices phases;

    @TestHTTPResource("/")
    URI gateway;

    @Test
    @Order(1)
    void operatorSelectsVmsMigratesThemWatchesEveryStepToMigratedAndResets() throws Exception {
        runScene("monitor");
    }

    @Test
    @Order(2)
    void wizardsCreateAMappingThenAPlanThatTheOverviewFollowsToCompleted() throws Exception {
        runScene("wizards");
    }

    @Test
    @Order(3)
    void planWizardReportsTheBadLineOfACsvAndImportsNothingThenTheFixedFile() throws Exception {
        runScene("csv");
    }

    @Test
    @Order(4)
    void theMonitorStaysResponsiveWithAThousandVms() throws Exception {
        runScene("scale");
    }

    @AfterAll
    static void stopPhases() {
        if (phases != null) {
            phases.close();
        }
    }

    private void runScene(String scene) throws Exception {
        Path chromium = Chromium.ensureInstalled();
        synchronized (MigrationMonitorBrowserTest.class) {
            if (phases == null) {
                phases = new StandInPhaseServices(RealBackends.kafkaBootstrap, RealBackends.discoveryUrl, Duration.ofMillis(2500));
                phases.awaitAssigned(Duration.ofSeconds(60));
            }
        }
        Path webui = Path.of("src", "main", "webui").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("node", "e2e/e2e.mjs").directory(webui.toFile()).redirectErrorStream(true);
        pb.environment().put("BASE_URL", gateway.toString());
        pb.environment().put("SCENE", scene);
        pb.environment().put("CHROMIUM", chromium.toString());
        pb.environment().put("SCREENSHOT_DIR", Path.of("target", "screenshots").toAbsolutePath().toString());
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
