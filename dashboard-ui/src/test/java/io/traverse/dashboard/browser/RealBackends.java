package io.traverse.dashboard.browser;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.traverse.testbed.TraverseTestbedWithVcsim;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The real backends of the gateway for the browser tests: the testbed's PostgreSQL, Kafka and vcsim (30 VMs), and the
 * built migration-api and discovery-service jars as their own JVMs, configured as {@code ./traverse up} configures
 * them (authentication off: the development mode, which migration-api announces loudly). The phases after discovery
 * are played by {@link StandInPhaseServices} on the same Kafka.
 */
public class RealBackends implements QuarkusTestResourceLifecycleManager {

    static volatile String kafkaBootstrap;
    static volatile String migrationApiUrl;
    static volatile String discoveryUrl;

    private ServiceProcess discovery;
    private ServiceProcess migrationApi;

    @Override
    public Map<String, String> start() {
        TraverseTestbedWithVcsim testbed = new TraverseTestbedWithVcsim();
        testbed.init(Map.of());
        Map<String, String> infra = testbed.start();
        kafkaBootstrap = infra.get("kafka.bootstrap.servers");

        Map<String, String> common = new HashMap<>();
        common.put("quarkus.datasource.jdbc.url", infra.get("quarkus.datasource.jdbc.url"));
        common.put("quarkus.datasource.username", infra.get("quarkus.datasource.username"));
        common.put("quarkus.datasource.password", infra.getOrDefault("quarkus.datasource.password", ""));
        common.put("kafka.bootstrap.servers", kafkaBootstrap);

        Map<String, String> disc = new HashMap<>(common);
        infra.forEach((k, v) -> {
            if (k.startsWith("traverse.vcenter.")) {
                disc.put(k, v);
            }
        });
        discovery = ServiceProcess.start("discovery-service", disc);

        Map<String, String> api = new HashMap<>(common);
        api.put("traverse.auth.mode", "none");
        api.put("quarkus.oidc.tenant-enabled", "false");
        api.put("quarkus.rest-client.inventory.url", discovery.url());
        migrationApi = ServiceProcess.start("migration-api", api);

        discovery.awaitReady(Duration.ofMinutes(4));
        migrationApi.awaitReady(Duration.ofMinutes(4));
        discoveryUrl = discovery.url();
        migrationApiUrl = migrationApi.url();
        return Map.of("traverse.gateway.migration-api-url", migrationApiUrl, "traverse.gateway.discovery-url", discoveryUrl);
    }

    @Override
    public void stop() {
        if (migrationApi != null) {
            migrationApi.close();
        }
        if (discovery != null) {
            discovery.close();
        }
    }
}
