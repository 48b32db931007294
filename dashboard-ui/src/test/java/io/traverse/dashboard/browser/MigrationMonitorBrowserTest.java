package io.traverse.dashboard.browser;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The dashboard in a real browser (Debian's chromium, driven by playwright-core from {@code src/main/webui/e2e}),
 * served by this gateway, against the real migration-api, discovery-service, flavor-service and launch-service on the
 * testbed's PostgreSQL, Kafka, vcsim and OpenStack ({@link RealBackends}), without login (a development stack).
 * {@link StandInPhaseServices} plays the phases that need real disks by publishing their real events on Kafka.
 * Screenshots of every screen go to {@code target/screenshots}. Login is {@link LoginBrowserTest}'s.
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

    @Test
    @Order(5)
    void keyboardOnlySelectsMigratesOpensEveryTabAndResetsAndEveryControlHasAnAccessibleName() throws Exception {
        runScene("keyboard");
    }

    @AfterAll
    static void stopPhases() {
        if (phases != null) {
            phases.close();
        }
    }

    private void runScene(String scene) throws Exception {
        synchronized (MigrationMonitorBrowserTest.class) {
            if (phases == null) {
                phases = new StandInPhaseServices(RealBackends.kafkaBootstrap, RealBackends.discoveryUrl, Duration.ofMillis(2500));
                phases.awaitAssigned(Duration.ofSeconds(60));
            }
        }
        BrowserScene.run(gateway, scene, Map.of());
    }
}
