package io.traverse.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.traverse.deploy.RenderedManifestsTests.COMPONENTS;
import static io.traverse.deploy.RenderedManifestsTests.DISPATCHERS;
import static io.traverse.deploy.RenderedManifestsTests.FULL;
import static io.traverse.deploy.RenderedManifestsTests.MINIMAL;
import static io.traverse.deploy.RenderedManifestsTests.all;
import static io.traverse.deploy.RenderedManifestsTests.deployment;
import static io.traverse.deploy.RenderedManifestsTests.jobTemplates;
import static io.traverse.deploy.RenderedManifestsTests.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart and the services must agree on names: every variable a service needs in production reaches it, and
 * every variable the chart sets is one the service really reads (a renamed key, or an openrc-style OS_* variable no
 * service reads, fails here instead of in a cluster). Also: every call one component makes to another goes to a
 * Service that exists and is let through by the NetworkPolicies.
 */
class ConfigurationDriftTests {

    /**
     * What each component needs in production that its application.properties does not show (those are found
     * automatically: a reference without a default, or with a 127.0.0.1 default, is needed). Keyed by component;
     * "-job" for what its Jobs need. The names are checked against the code by {@link #everyVariableTheChartSetsShouldBeReadByItsComponent}.
     */
    static final Map<String, Set<String>> PRODUCTION_NEEDS = Map.ofEntries(
            Map.entry("migration-api", Set.of("KAFKA_BOOTSTRAP_SERVERS", "TRAVERSE_OPENSTACK_AUTH_URL", "TRAVERSE_AUTH_MODE")),
            Map.entry("discovery-service", Set.of("KAFKA_BOOTSTRAP_SERVERS", "TRAVERSE_VCENTER_URL", "TRAVERSE_VCENTER_USERNAME",
                    "TRAVERSE_VCENTER_PASSWORD")),
            Map.entry("flavor-service", Set.of("KAFKA_BOOTSTRAP_SERVERS", "TRAVERSE_OPENSTACK_AUTH_URL")),
            Map.entry("network-mapper", Set.of("KAFKA_BOOTSTRAP_SERVERS", "TRAVERSE_OPENSTACK_AUTH_URL")),
            Map.entry("launch-service", Set.of("KAFKA_BOOTSTRAP_SERVERS", "TRAVERSE_OPENSTACK_AUTH_URL")),
            Map.entry("disk-transfer-worker", Set.of("KAFKA_BOOTSTRAP_SERVERS", "TRAVERSE_VCENTER_URL", "TRAVERSE_VCENTER_USERNAME",
                    "TRAVERSE_VCENTER_PASSWORD", "TRAVERSE_OPENSTACK_AUTH_URL", "TRAVERSE_JOBS_NAMESPACE", "TRAVERSE_JOBS_TEMPLATE")),
            Map.entry("disk-transfer-worker-job", Set.of("KAFKA_BOOTSTRAP_SERVERS", "TRAVERSE_VCENTER_URL", "TRAVERSE_VCENTER_USERNAME",
                    "TRAVERSE_VCENTER_PASSWORD", "TRAVERSE_OPENSTACK_AUTH_URL", "TRAVERSE_DISK_TRANSFER_TARGET",
                    "TRAVERSE_DISK_TRANSFER_CINDER_DEVICE_PATH_TEMPLATE")),
            Map.entry("conversion-worker", Set.of("KAFKA_BOOTSTRAP_SERVERS", "TRAVERSE_OPENSTACK_AUTH_URL", "TRAVERSE_JOBS_NAMESPACE",
                    "TRAVERSE_JOBS_TEMPLATE")),
            Map.entry("conversion-worker-job", Set.of("KAFKA_BOOTSTRAP_SERVERS", "TRAVERSE_OPENSTACK_AUTH_URL", "TRAVERSE_OPENSTACK_USERNAME",
                    "TRAVERSE_OPENSTACK_PASSWORD", "TRAVERSE_OPENSTACK_PROJECT", "TRAVERSE_CONVERSION_VOLUMES_KIND",
                    "TRAVERSE_CONVERSION_VOLUMES_CINDER_DEVICE_DIR")),
            Map.entry("dashboard-ui", Set.of()));

    /** Read by something other than Quarkus' configuration of the component. */
    static boolean readOutsideQuarkusConfig(String name, String where, Map<String, EnvVar> env) {
        if (name.equals("JAVA_TOOL_OPTIONS")) {
            return true; // the JVM
        }
        if (name.startsWith("LIBGUESTFS_")) {
            return where.equals("conversion-worker-job"); // libguestfs, in the conversion Jobs
        }
        if (name.startsWith("QUARKUS_")) {
            return true; // Quarkus' own keys (a user's extraEnv)
        }
        if (name.equals("TRAVERSE_TRUSTSTORE_PASSWORD")) { // a $(…) reference inside JAVA_TOOL_OPTIONS
            return env.containsKey("JAVA_TOOL_OPTIONS") && env.get("JAVA_TOOL_OPTIONS").getValue().contains("$(" + name + ")");
        }
        return false;
    }

    /** A running container: the pod it is in, its component (module), and every variable it gets. */
    record Runtime(String where, String component, PodTemplateSpec pod, Map<String, EnvVar> env, Set<String> fromConfigMap) {

        Set<String> names() {
            Set<String> names = new TreeSet<>(env.keySet());
            names.addAll(fromConfigMap);
            return names;
        }

        /** The value, from an env entry or the chart's ConfigMap; null when it comes from a Secret. */
        String value(String name, ConfigMap config) {
            EnvVar e = env.get(name);
            if (e != null) {
                return e.getValue();
            }
            return fromConfigMap.contains(name) ? config.getData().get(name) : null;
        }
    }

    static List<Runtime> runtimes(String values) {
        Map<String, Set<String>> configMaps = new TreeMap<>();
        all(values, ConfigMap.class).forEach(cm -> configMaps.put(cm.getMetadata().getName(),
                cm.getData() == null ? Set.of() : cm.getData().keySet()));
        List<Runtime> runtimes = new ArrayList<>();
        for (String component : COMPONENTS) {
            runtimes.add(runtime(component, component, deployment(values, component).getSpec().getTemplate(), configMaps));
        }
        jobTemplates(values).forEach((dispatcher, job) ->
                runtimes.add(runtime(dispatcher + "-job", dispatcher, job.getSpec().getTemplate(), configMaps)));
        return runtimes;
    }

    private static Runtime runtime(String where, String component, PodTemplateSpec pod, Map<String, Set<String>> configMaps) {
        Container c = pod.getSpec().getContainers().getFirst();
        Map<String, EnvVar> env = new LinkedHashMap<>();
        for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            env.put(e.getName(), e);
        }
        Set<String> fromConfigMap = new TreeSet<>();
        for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                fromConfigMap.addAll(configMaps.getOrDefault(from.getConfigMapRef().getName(), Set.of()));
            }
        }
        return new Runtime(where, component, pod, env, fromConfigMap);
    }

    @ParameterizedTest
    @ValueSource(strings = {MINIMAL, FULL})
    void everyComponentShouldGetEveryVariableItNeedsInProduction(String values) {
        List<String> missing = new ArrayList<>();
        for (Runtime r : runtimes(values)) {
            Set<String> needed = new TreeSet<>(ServiceConfiguration.of(r.component()).requiredEnv);
            needed.addAll(PRODUCTION_NEEDS.get(r.where()));
            for (String name : needed) {
                if (!r.names().contains(name)) {
                    missing.add(r.where() + " needs " + name);
                }
            }
            boolean openstack = needed.contains("TRAVERSE_OPENSTACK_AUTH_URL");
            if (openstack) {
                boolean password = r.names().containsAll(Set.of("TRAVERSE_OPENSTACK_USERNAME", "TRAVERSE_OPENSTACK_PASSWORD"));
                boolean appCredential = r.names().containsAll(Set.of("TRAVERSE_OPENSTACK_APPLICATION_CREDENTIAL_ID",
                        "TRAVERSE_OPENSTACK_APPLICATION_CREDENTIAL_SECRET"));
                if (!password && !appCredential) {
                    missing.add(r.where() + " needs OpenStack credentials");
                }
            }
        }
        ConfigMap config = named(values, ConfigMap.class, "traverse-config");
        if ("oidc".equals(config.getData().get("TRAVERSE_AUTH_MODE"))) {
            assertTrue(!config.getData().getOrDefault("TRAVERSE_OIDC_AUTH_SERVER_URL", "").isBlank(), "OIDC needs the provider");
        } else {
            assertEquals("false", config.getData().get("TRAVERSE_OIDC_ENABLED"), "without OIDC, Quarkus' OIDC tenant must be off or migration-api refuses to start");
        }
        assertEquals(List.of(), missing);
    }

    @ParameterizedTest
    @ValueSource(strings = {MINIMAL, FULL})
    void everyVariableTheChartSetsShouldBeReadByItsComponent(String values) {
        List<String> unread = new ArrayList<>();
        Map<String, Set<String>> configMapReaders = new TreeMap<>();
        for (Runtime r : runtimes(values)) {
            ServiceConfiguration conf = ServiceConfiguration.of(r.component());
            for (String name : r.env().keySet()) {
                if (!conf.reads(name) && !readOutsideQuarkusConfig(name, r.where(), r.env())) {
                    unread.add(r.where() + " gets " + name + ", which nothing in " + r.component() + " reads");
                }
            }
            for (String name : r.fromConfigMap()) {
                if (conf.reads(name)) {
                    configMapReaders.computeIfAbsent(name, k -> new TreeSet<>()).add(r.where());
                }
            }
        }
        ConfigMap config = named(values, ConfigMap.class, "traverse-config");
        for (String key : config.getData().keySet()) {
            if (!configMapReaders.containsKey(key)) {
                unread.add("traverse-config has " + key + ", which no component reads");
            }
        }
        assertEquals(List.of(), unread);
        // the check reads real keys: a few that must be found in the modules' sources
        assertTrue(ServiceConfiguration.of("disk-transfer-worker").reads("TRAVERSE_DISK_TRANSFER_VDDK_LIBDIR"));
        assertTrue(ServiceConfiguration.of("flavor-service").reads("TRAVERSE_OPENSTACK_APPLICATION_CREDENTIAL_SECRET"));
        assertTrue(ServiceConfiguration.of("flavor-service").reads("TRAVERSE_OPENSTACK_PROTECTED_NAME_PATTERNS"));
        assertTrue(!ServiceConfiguration.of("flavor-service").reads("OS_AUTH_URL"));
        assertTrue(!ServiceConfiguration.of("conversion-worker").reads("TRAVERSE_OPENSTACK_APPLICATION_CREDENTIAL_ID"),
                "conversion-worker's own Keystone login knows passwords only: the chart refuses application credentials");
    }

    private static final Pattern URL = Pattern.compile("^https?://([a-z0-9-]+):(\\d+)$");

    @ParameterizedTest
    @ValueSource(strings = {MINIMAL, FULL})
    void everyCallBetweenComponentsShouldReachAServiceThroughTheNetworkPolicies(String values) {
        ConfigMap config = named(values, ConfigMap.class, "traverse-config");
        List<NetworkPolicy> policies = all(values, NetworkPolicy.class);
        int calls = 0;
        for (Runtime r : runtimes(values)) {
            ServiceConfiguration conf = ServiceConfiguration.of(r.component());
            for (String name : r.names()) {
                String value = r.value(name, config);
                if (value == null || !conf.reads(name)) {
                    continue;
                }
                Matcher m = URL.matcher(value);
                if (!m.matches() || !m.group(1).startsWith(Chart.RELEASE + "-")) {
                    continue;
                }
                calls++;
                Service target = named(values, Service.class, m.group(1));
                assertEquals(Integer.parseInt(m.group(2)), target.getSpec().getPorts().getFirst().getPort(), r.where() + " " + name);
                String component = target.getSpec().getSelector().get("app.kubernetes.io/name");
                Deployment d = deployment(values, component);
                Map<String, String> targetLabels = d.getSpec().getTemplate().getMetadata().getLabels();
                assertTrue(ingressAllowed(policies, targetLabels, r.pod().getMetadata().getLabels()),
                        r.where() + " calls " + component + " (" + name + "=" + URI.create(value) + ") but no NetworkPolicy lets it in");
            }
        }
        // migration-api → discovery-service, network-mapper → migration-api, launch-service, conversion-worker and its
        // Jobs, the dashboard → discovery-service, the dashboard → migration-api
        assertTrue(calls >= 7, "calls found: " + calls);
    }

    /** Kubernetes' rule: with no policy selecting the pod everything is allowed; otherwise one rule must match. */
    static boolean ingressAllowed(List<NetworkPolicy> policies, Map<String, String> target, Map<String, String> caller) {
        boolean selected = false;
        for (NetworkPolicy p : policies) {
            if (!p.getSpec().getPolicyTypes().contains("Ingress") || !matches(p.getSpec().getPodSelector(), target)) {
                continue;
            }
            selected = true;
            for (NetworkPolicyIngressRule rule : p.getSpec().getIngress() == null ? List.<NetworkPolicyIngressRule>of() : p.getSpec().getIngress()) {
                boolean port = rule.getPorts() == null || rule.getPorts().isEmpty() || rule.getPorts().stream()
                        .anyMatch(x -> x.getPort() == null || "http".equals(x.getPort().getStrVal()));
                boolean from = rule.getFrom() == null || rule.getFrom().isEmpty() || rule.getFrom().stream()
                        .anyMatch(peer -> samePodsMatch(peer, caller));
                if (port && from) {
                    return true;
                }
            }
        }
        return !selected;
    }

    private static boolean samePodsMatch(NetworkPolicyPeer peer, Map<String, String> caller) {
        return peer.getNamespaceSelector() == null && peer.getIpBlock() == null && peer.getPodSelector() != null
                && matches(peer.getPodSelector(), caller);
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        for (LabelSelectorRequirement r : selector.getMatchExpressions() == null ? List.<LabelSelectorRequirement>of() : selector.getMatchExpressions()) {
            String v = labels.get(r.getKey());
            boolean ok = switch (r.getOperator()) {
                case "In" -> v != null && r.getValues().contains(v);
                case "NotIn" -> v == null || !r.getValues().contains(v);
                case "Exists" -> v != null;
                case "DoesNotExist" -> v == null;
                default -> throw new IllegalArgumentException(r.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theDriftCheckShouldFindTheGapsItWasWrittenFor() {
        // the names the chart once set and no service read, and a laptop default that is wrong in a pod
        assertTrue(!ServiceConfiguration.of("launch-service").reads("OS_USERNAME"));
        assertTrue(!ServiceConfiguration.of("disk-transfer-worker").reads("TRAVERSE_VDDK_LIBDIR"));
        assertTrue(ServiceConfiguration.of("dashboard-ui").requiredEnv.contains("TRAVERSE_DISCOVERY_URL"), "127.0.0.1 default");
        assertTrue(ServiceConfiguration.of("conversion-worker").requiredEnv.contains("TRAVERSE_DISCOVERY_URL"));
        assertTrue(ServiceConfiguration.of("migration-api").requiredEnv.containsAll(Set.of("TRAVERSE_DB_URL", "TRAVERSE_DB_USER")));
        assertTrue(!ServiceConfiguration.of("migration-api").requiredEnv.contains("TRAVERSE_AUTH_MODE"), "has a real default");
        // and the policy evaluator is not vacuous: a pod of another release is not let into migration-api
        List<NetworkPolicy> policies = all(MINIMAL, NetworkPolicy.class);
        Map<String, String> api = deployment(MINIMAL, "migration-api").getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(!ingressAllowed(policies, api, Map.of("app.kubernetes.io/part-of", "traverse", "app.kubernetes.io/instance", "other")));
        assertTrue(DISPATCHERS.stream().allMatch(PRODUCTION_NEEDS::containsKey));
    }
}
