package io.traverse.dashboard.browser;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.traverse.testbed.EmbeddedKafkaBroker;
import io.traverse.testbed.SharedTestbed;
import io.traverse.testbed.TraverseTestbedWithVcsim;
import io.traverse.testbed.openstack.OpenStackTestbed;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The real backends of the gateway for the browser tests: the testbed's PostgreSQL, Kafka, vcsim (30 VMs) and the
 * OpenStack testbed, and the built services as their own JVMs, configured as {@code ./traverse up} configures them:
 * <ul>
 *   <li>discovery-service (the inventory, power operations on vcsim);</li>
 *   <li>flavor-service: sizes every VM for real against the testbed's Nova flavors ({@code vm.discovered} →
 *       {@code vm.sized}) and serves {@code /api/flavors};</li>
 *   <li>launch-service: serves the target's existing workloads ({@code /api/target/instances}, the seeded protected
 *       VDI desktops); its two consumers read from a second, empty Kafka broker, because the launch itself is played
 *       by {@link StandInPhaseServices} (no converted disks exist here to boot);</li>
 *   <li>migration-api, with authentication off (init arg {@code auth=none}, the development mode, which it announces
 *       loudly) or with bearer tokens from the testbed's Keycloak ({@code auth=oidc}).</li>
 * </ul>
 * The first three are started once per JVM and shared by both modes; migration-api is started per mode (a test class
 * with the other mode gets a fresh one on the same database). The phases after sizing are played by
 * {@link StandInPhaseServices} on the same Kafka.
 */
public class RealBackends implements QuarkusTestResourceLifecycleManager {

    static volatile String kafkaBootstrap;
    static volatile String migrationApiUrl;
    static volatile String discoveryUrl;

    /** Where the shared services answer, kept in system properties: Quarkus may load this class once per application. */
    private static final String SHARED = "traverse.browser-test.shared.";

    private static Map<String, String> infra;

    private boolean oidc;
    private ServiceProcess migrationApi;

    @Override
    public void init(Map<String, String> initArgs) {
        oidc = "oidc".equals(initArgs.getOrDefault("auth", "none"));
    }

    @Override
    public Map<String, String> start() {
        startSharedServices();
        Map<String, String> api = new HashMap<>(common());
        if (oidc) {
            String realm = SharedTestbed.keycloakConfig().get("traverse.keycloak.realm-url");
            api.put("traverse.auth.mode", "oidc");
            api.put("traverse.auth.oidc-server-url", realm);
            api.put("quarkus.oidc.tenant-enabled", "true");
            api.put("quarkus.oidc.auth-server-url", realm);
        } else {
            api.put("traverse.auth.mode", "none");
            api.put("quarkus.oidc.tenant-enabled", "false");
        }
        api.put("quarkus.rest-client.inventory.url", discoveryUrl);
        api.put("quarkus.rest-client.source.url", discoveryUrl);
        migrationApi = ServiceProcess.start("migration-api", api);
        migrationApi.awaitReady(Duration.ofMinutes(4));
        migrationApiUrl = migrationApi.url();
        return Map.of("traverse.gateway.migration-api-url", migrationApiUrl, "traverse.gateway.discovery-url", discoveryUrl,
                "traverse.gateway.launch-url", System.getProperty(SHARED + "launch"),
                "traverse.gateway.flavor-url", System.getProperty(SHARED + "flavor"));
    }

    private static void startSharedServices() {
        synchronized (System.class) {
            TraverseTestbedWithVcsim testbed = new TraverseTestbedWithVcsim();
            testbed.init(Map.of());
            infra = testbed.start(); // the JVM's one PostgreSQL, Kafka and vcsim (SharedTestbed)
            kafkaBootstrap = infra.get("kafka.bootstrap.servers");
            if (System.getProperty(SHARED + "discovery") == null) {
                startDiscoveryFlavorAndLaunch();
            }
            discoveryUrl = System.getProperty(SHARED + "discovery");
        }
    }

    private static void startDiscoveryFlavorAndLaunch() {
        Map<String, String> openstack = OpenStackTestbed.start().config();

        Map<String, String> disc = new HashMap<>(common());
        infra.forEach((k, v) -> {
            if (k.startsWith("traverse.vcenter.")) {
                disc.put(k, v);
            }
        });
        ServiceProcess discovery = ServiceProcess.start("discovery-service", disc);

        Map<String, String> fl = new HashMap<>(common());
        fl.putAll(openstack);
        ServiceProcess flavor = ServiceProcess.start("flavor-service", fl);

        Map<String, String> la = new HashMap<>(common());
        la.putAll(openstack);
        // its consumers (vm.converted, migration.cancelled) on a broker nobody writes to; its outbox on the real one
        EmbeddedKafkaBroker quiet = EmbeddedKafkaBroker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(quiet::close, "stop-quiet-kafka"));
        la.put("mp.messaging.incoming.vm-converted.bootstrap.servers", quiet.bootstrapServers());
        la.put("mp.messaging.incoming.migration-cancelled.bootstrap.servers", quiet.bootstrapServers());
        ServiceProcess launch = ServiceProcess.start("launch-service", la);

        discovery.awaitReady(Duration.ofMinutes(4));
        flavor.awaitReady(Duration.ofMinutes(4));
        launch.awaitReady(Duration.ofMinutes(4));
        // stopped with the JVM (ServiceProcess registers a shutdown hook): both auth modes use them
        System.setProperty(SHARED + "discovery", discovery.url());
        System.setProperty(SHARED + "flavor", flavor.url());
        System.setProperty(SHARED + "launch", launch.url());
    }

    private static Map<String, String> common() {
        Map<String, String> common = new HashMap<>();
        common.put("quarkus.datasource.jdbc.url", infra.get("quarkus.datasource.jdbc.url"));
        common.put("quarkus.datasource.username", infra.get("quarkus.datasource.username"));
        common.put("quarkus.datasource.password", infra.getOrDefault("quarkus.datasource.password", ""));
        common.put("kafka.bootstrap.servers", kafkaBootstrap);
        return common;
    }

    @Override
    public void stop() {
        if (migrationApi != null) {
            migrationApi.close();
        }
    }
}
