package io.traverse.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code helm template} output for the minimal and the full values files, parsed with the fabric8 model, checked
 * against what the services really do (their own application.properties and pom) and what the dispatchers call.
 */
class RenderedManifestsTests {

    static final String MINIMAL = "helm/traverse/ci/minimal-values.yaml";
    static final String FULL = "helm/traverse/ci/full-values.yaml";

    /** Every deployable module of the reactor. */
    static final List<String> COMPONENTS = List.of("migration-api", "discovery-service", "flavor-service",
            "network-mapper", "disk-transfer-worker", "conversion-worker", "launch-service", "dashboard-ui");
    static final Set<String> DISPATCHERS = Set.of("disk-transfer-worker", "conversion-worker");

    /** Secrets and ConfigMaps the full values file names as user-provided (existingSecret and friends). */
    static final Map<String, Set<String>> USER_SECRETS = Map.of(
            MINIMAL, Set.of("traverse-database", "traverse-vcenter", "traverse-openstack", "registry-credentials"),
            FULL, Set.of("traverse-kafka", "traverse-kafka-ca", "registry-credentials", "traverse-network-mapper-token",
                    "traverse-truststore"));
    static final Map<String, Set<String>> USER_CONFIG_MAPS = Map.of(MINIMAL, Set.of(), FULL, Set.of());

    private static final Map<String, List<HasMetadata>> RENDERED = new HashMap<>();

    static List<HasMetadata> rendered(String values) {
        return RENDERED.computeIfAbsent(values, v -> Chart.render(Chart.values(v)));
    }

    static <T extends HasMetadata> List<T> all(String values, Class<T> type) {
        return rendered(values).stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T named(String values, Class<T> type, String name) {
        return all(values, type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(type.getSimpleName() + " " + name + " not rendered"));
    }

    static Deployment deployment(String values, String component) {
        return named(values, Deployment.class, "traverse-" + component);
    }

    /** The Job skeletons the dispatchers read, parsed from their ConfigMaps. */
    static Map<String, Job> jobTemplates(String values) {
        Map<String, Job> jobs = new TreeMap<>();
        for (String dispatcher : DISPATCHERS) {
            ConfigMap cm = named(values, ConfigMap.class, "traverse-" + dispatcher + "-job");
            jobs.put(dispatcher, Chart.SERIALIZATION.unmarshal(cm.getData().get("job.yaml"), Job.class));
        }
        return jobs;
    }

    /** Every pod spec that will run: the Deployments' and the Jobs'. */
    static Map<String, PodSpec> podSpecs(String values) {
        Map<String, PodSpec> specs = new TreeMap<>();
        all(values, Deployment.class).forEach(d -> specs.put(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
        jobTemplates(values).forEach((d, j) -> specs.put(d + "-job", j.getSpec().getTemplate().getSpec()));
        return specs;
    }

    static Properties applicationProperties(String component) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Chart.read(Chart.REPO.resolve(component + "/src/main/resources/application.properties"))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {MINIMAL, FULL})
    void shouldDeployEveryModuleWithAServiceAndADisruptionBudget(String values) {
        for (String component : COMPONENTS) {
            Deployment d = deployment(values, component);
            Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(podLabels.entrySet().containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()), component);

            Service s = named(values, Service.class, "traverse-" + component);
            assertTrue(podLabels.entrySet().containsAll(s.getSpec().getSelector().entrySet()), component + " service selects its pods");
            assertEquals("http", s.getSpec().getPorts().get(0).getTargetPort().getStrVal());

            PodDisruptionBudget pdb = named(values, PodDisruptionBudget.class, "traverse-" + component);
            assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()), component + " PDB");
            assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal(), "a single replica must never block a drain");
        }
        assertEquals(COMPONENTS.size(), all(values, Deployment.class).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {MINIMAL, FULL})
    void probesShouldHitTheHealthEndpointsOnThePortEachServiceReallyListensOn(String values) {
        ConfigMap config = named(values, ConfigMap.class, "traverse-config");
        // The services bind 127.0.0.1 unless told otherwise; a probe from the kubelet would never reach them.
        assertEquals("0.0.0.0", config.getData().get("TRAVERSE_BIND_ADDRESS"));

        for (String component : COMPONENTS) {
            Properties app = applicationProperties(component);
            assertEquals("${TRAVERSE_BIND_ADDRESS:127.0.0.1}", app.getProperty("quarkus.http.host"), component);
            int port = Integer.parseInt(app.getProperty("quarkus.http.port"));

            Container c = deployment(values, component).getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals(port, c.getPorts().get(0).getContainerPort(), component + " listens on quarkus.http.port");
            assertEquals("http", c.getPorts().get(0).getName());
            assertTrue(c.getEnvFrom().stream().map(EnvFromSource::getConfigMapRef).filter(Objects::nonNull)
                    .anyMatch(r -> r.getName().equals("traverse-config")), component + " reads the shared config");

            assertProbe(c.getLivenessProbe(), "/q/health/live", component);
            assertProbe(c.getReadinessProbe(), "/q/health/ready", component);
            assertProbe(c.getStartupProbe(), "/q/health/started", component);

            Service s = named(values, Service.class, "traverse-" + component);
            if (!component.equals("dashboard-ui")) {
                assertEquals(port, s.getSpec().getPorts().get(0).getPort(), component + " service port");
            }
        }
        // The health endpoints exist only where smallrye-health is on the class path.
        assertTrue(Chart.read(Chart.REPO.resolve("service-parent/pom.xml")).contains("quarkus-smallrye-health"));
        assertTrue(Chart.read(Chart.REPO.resolve("dashboard-ui/pom.xml")).contains("quarkus-smallrye-health"));
    }

    /** The dispatchers' Role as "apiGroup/resource" → verbs. */
    static Map<String, Set<String>> granted(String values) {
        Map<String, Set<String>> granted = new TreeMap<>();
        for (PolicyRule rule : named(values, Role.class, "traverse-dispatcher").getRules()) {
            assertTrue(rule.getResourceNames() == null || rule.getResourceNames().isEmpty(), "whole resources, no names");
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    granted.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>()).addAll(rule.getVerbs());
                }
            }
        }
        return granted;
    }

    private static void assertProbe(Probe probe, String path, String component) {
        assertNotNull(probe, component + " probe " + path);
        assertEquals(path, probe.getHttpGet().getPath(), component);
        assertEquals("http", probe.getHttpGet().getPort().getStrVal(), component);
    }

    @Test
    void servicesShouldFindEachOtherWhereTheyAreServed() {
        ConfigMap config = named(MINIMAL, ConfigMap.class, "traverse-config");
        Service api = named(MINIMAL, Service.class, "traverse-migration-api");
        assertEquals("http://" + api.getMetadata().getName() + ":" + api.getSpec().getPorts().get(0).getPort(),
                config.getData().get("TRAVERSE_MIGRATION_API_URL"));
        Service discovery = named(MINIMAL, Service.class, "traverse-discovery-service");
        assertEquals("http://" + discovery.getMetadata().getName() + ":" + discovery.getSpec().getPorts().get(0).getPort(),
                config.getData().get("TRAVERSE_DISCOVERY_URL"));
        assertEquals("${TRAVERSE_MIGRATION_API_URL}",
                applicationProperties("dashboard-ui").getProperty("traverse.gateway.migration-api-url"));
    }

    @ParameterizedTest
    @ValueSource(strings = {MINIMAL, FULL})
    void dispatchersRoleShouldBeBoundToTheDispatchersAloneInTheNamespace(String values) {
        // what it grants is checked against the calls the dispatchers really make: DispatcherJobsTests
        Role role = named(values, Role.class, "traverse-dispatcher");
        assertTrue(all(values, HasMetadata.class).stream().noneMatch(o -> o.getKind().startsWith("Cluster")),
                "nothing cluster-wide");

        RoleBinding binding = named(values, RoleBinding.class, "traverse-dispatcher");
        assertEquals("Role", binding.getRoleRef().getKind());
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        assertEquals(List.of("traverse-dispatcher"), binding.getSubjects().stream().map(s -> s.getName()).toList());
        assertEquals(Chart.NAMESPACE, binding.getSubjects().get(0).getNamespace());

        for (String component : COMPONENTS) {
            PodSpec spec = deployment(values, component).getSpec().getTemplate().getSpec();
            if (DISPATCHERS.contains(component)) {
                assertEquals("traverse-dispatcher", spec.getServiceAccountName(), component);
            } else {
                assertEquals("traverse-service", spec.getServiceAccountName(), component);
                assertEquals(Boolean.FALSE, spec.getAutomountServiceAccountToken(), component + " needs no API token");
            }
        }
        for (ServiceAccount sa : all(values, ServiceAccount.class)) {
            if (!sa.getMetadata().getName().equals("traverse-dispatcher")) {
                assertEquals(Boolean.FALSE, sa.getAutomountServiceAccountToken(), sa.getMetadata().getName());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {MINIMAL, FULL})
    void jobTemplatesShouldRunTheWorkerImageOnceWithoutApiAccess(String values) {
        jobTemplates(values).forEach((dispatcher, job) -> {
            PodSpec spec = job.getSpec().getTemplate().getSpec();
            assertEquals("Never", spec.getRestartPolicy(), dispatcher);
            assertNotNull(job.getSpec().getBackoffLimit(), dispatcher + " sets backoffLimit explicitly");
            assertNotNull(job.getSpec().getActiveDeadlineSeconds(), dispatcher);
            assertEquals("traverse-job", spec.getServiceAccountName());
            assertEquals(Boolean.FALSE, spec.getAutomountServiceAccountToken());
            String dispatcherImage = deployment(values, dispatcher).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            assertEquals(dispatcherImage, spec.getContainers().get(0).getImage(), "the Job runs the dispatcher's image in command mode");
            assertEquals("traverse", job.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/part-of"));
            assertEquals(Chart.RELEASE, job.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/instance"));
        });
        for (String name : DISPATCHERS) {
            Container dispatcher = deployment(values, name).getSpec().getTemplate().getSpec().getContainers().get(0);
            assertTrue(dispatcher.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/etc/traverse/jobs")));
            assertEquals("/etc/traverse/jobs/job.yaml", env(dispatcher, "TRAVERSE_JOBS_TEMPLATE"));
            assertEquals("metadata.namespace", dispatcher.getEnv().stream().filter(e -> e.getName().equals("TRAVERSE_JOBS_NAMESPACE"))
                    .findFirst().orElseThrow().getValueFrom().getFieldRef().getFieldPath());
            // the dispatcher reads the skeleton through these keys (JobFactory takes a file path)
            assertEquals("${TRAVERSE_JOBS_TEMPLATE:/io/traverse/jobs/job.yaml}", applicationProperties(name).getProperty(
                    "traverse." + (name.equals("disk-transfer-worker") ? "disk-transfer" : "conversion") + ".kubernetes.template"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {MINIMAL, FULL})
    void jobsShouldReachTheCinderVolumesOnTheNfsExport(String values) {
        jobTemplates(values).forEach((dispatcher, job) -> {
            PodSpec spec = job.getSpec().getTemplate().getSpec();
            Volume nfs = spec.getVolumes().stream().filter(v -> v.getName().equals("cinder-nfs")).findFirst().orElseThrow();
            Container c = spec.getContainers().get(0);
            assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getName().equals("cinder-nfs") && m.getMountPath().equals("/srv/cinder-nfs")));
            assertEquals(values.equals(FULL) ? "10.40.0.20" : "nfs.example.com", nfs.getNfs().getServer());
            if (dispatcher.equals("disk-transfer-worker")) {
                assertEquals("/srv/cinder-nfs/volume-{id}", env(c, "TRAVERSE_DISK_TRANSFER_CINDER_DEVICE_PATH_TEMPLATE"));
            } else {
                assertEquals("/srv/cinder-nfs", env(c, "TRAVERSE_CONVERSION_VOLUMES_CINDER_DEVICE_DIR"));
                assertEquals("cinder", env(c, "TRAVERSE_CONVERSION_VOLUMES_KIND"));
            }
        });
    }

    @Test
    void vddkShouldBeCopiedIntoTheDiskTransferJobFromTheUsersImage() {
        PodSpec full = jobTemplates(FULL).get("disk-transfer-worker").getSpec().getTemplate().getSpec();
        assertEquals("registry.example.com/platform/vddk:8.0.3", full.getInitContainers().get(0).getImage());
        assertEquals("/opt/vddk", env(full.getContainers().get(0), "TRAVERSE_DISK_TRANSFER_VDDK_LIBDIR"));
        assertEquals("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01",
                env(full.getContainers().get(0), "TRAVERSE_DISK_TRANSFER_VDDK_THUMBPRINT"), "vcenter.thumbprint when SHA-1");
        PodSpec minimal = jobTemplates(MINIMAL).get("disk-transfer-worker").getSpec().getTemplate().getSpec();
        assertTrue(minimal.getInitContainers() == null || minimal.getInitContainers().isEmpty(), "no VDDK unless given");
    }

    @ParameterizedTest
    @ValueSource(strings = {MINIMAL, FULL})
    void everySecretAndConfigMapReferenceShouldExistOrBeUserProvided(String values) {
        Map<String, Set<String>> secrets = new HashMap<>();
        for (Secret s : all(values, Secret.class)) {
            Set<String> keys = new HashSet<>();
            if (s.getStringData() != null) keys.addAll(s.getStringData().keySet());
            if (s.getData() != null) keys.addAll(s.getData().keySet());
            secrets.put(s.getMetadata().getName(), keys);
        }
        Set<String> configMaps = all(values, ConfigMap.class).stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
        Set<String> userSecrets = USER_SECRETS.get(values);
        Set<String> userConfigMaps = USER_CONFIG_MAPS.get(values);
        int checked = 0;

        for (Map.Entry<String, PodSpec> pod : podSpecs(values).entrySet()) {
            String where = pod.getKey();
            PodSpec spec = pod.getValue();
            List<Container> containers = Stream.concat(spec.getContainers().stream(),
                    spec.getInitContainers() == null ? Stream.empty() : spec.getInitContainers().stream()).toList();
            for (Container c : containers) {
                for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        var ref = e.getValueFrom().getSecretKeyRef();
                        checked++;
                        if (!userSecrets.contains(ref.getName())) {
                            assertTrue(secrets.containsKey(ref.getName()), where + " " + e.getName() + " → missing Secret " + ref.getName());
                            assertTrue(secrets.get(ref.getName()).contains(ref.getKey()), where + " " + e.getName() + " → Secret "
                                    + ref.getName() + " has no key " + ref.getKey());
                        }
                    }
                }
                for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
                    if (from.getConfigMapRef() != null) {
                        checked++;
                        assertTrue(configMaps.contains(from.getConfigMapRef().getName())
                                || userConfigMaps.contains(from.getConfigMapRef().getName()), where);
                    }
                    if (from.getSecretRef() != null) {
                        fail(where + ": no envFrom Secret expected (every secret value is named)");
                    }
                }
            }
            for (Volume v : spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()) {
                if (v.getConfigMap() != null) {
                    checked++;
                    assertTrue(configMaps.contains(v.getConfigMap().getName()) || userConfigMaps.contains(v.getConfigMap().getName()),
                            where + " volume " + v.getName() + " → ConfigMap " + v.getConfigMap().getName());
                }
                if (v.getSecret() != null) {
                    checked++;
                    assertTrue(secrets.containsKey(v.getSecret().getSecretName()) || userSecrets.contains(v.getSecret().getSecretName()),
                            where + " volume " + v.getName());
                }
            }
            for (var pull : spec.getImagePullSecrets() == null ? List.<io.fabric8.kubernetes.api.model.LocalObjectReference>of() : spec.getImagePullSecrets()) {
                assertTrue(userSecrets.contains(pull.getName()), where + " pull secret " + pull.getName());
            }
        }
        assertTrue(checked > 40, "references were found and checked: " + checked);
    }

    @Test
    void chartShouldCreateOnlyTheSecretsTheUserDidNotProvide() {
        assertTrue(all(MINIMAL, Secret.class).isEmpty(), "minimal values name existing Secrets for everything");
        assertEquals(Set.of("traverse-database", "traverse-vcenter", "traverse-openstack"),
                all(FULL, Secret.class).stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet()));
        Secret openstack = named(FULL, Secret.class, "traverse-openstack");
        assertEquals(Set.of("username", "password"), openstack.getStringData().keySet());
        ConfigMap config = named(FULL, ConfigMap.class, "traverse-config");
        assertEquals("migration", config.getData().get("TRAVERSE_OPENSTACK_PROJECT"));
        assertFalse(config.getData().containsKey("TRAVERSE_OPENSTACK_PASSWORD"), "no secret in a ConfigMap");
        assertFalse(config.getData().containsKey("TRAVERSE_DB_PASSWORD"), "no secret in a ConfigMap");
        assertEquals("SASL_SSL", config.getData().get("KAFKA_SECURITY_PROTOCOL"), "kafka.config becomes KAFKA_* (Quarkus maps it back)");
        Container api = deployment(FULL, "migration-api").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("traverse-kafka", api.getEnv().stream().filter(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG"))
                .findFirst().orElseThrow().getValueFrom().getSecretKeyRef().getName());
    }

    @Test
    void credentialsShouldReachOnlyTheComponentsThatUseThem() {
        Map<String, Set<String>> expected = Map.of(
                "migration-api", Set.of("TRAVERSE_DB_USER", "TRAVERSE_OPENSTACK_USERNAME"),
                "discovery-service", Set.of("TRAVERSE_DB_USER", "TRAVERSE_VCENTER_USERNAME"),
                "flavor-service", Set.of("TRAVERSE_DB_USER", "TRAVERSE_OPENSTACK_USERNAME"),
                "dashboard-ui", Set.of());
        expected.forEach((component, names) -> {
            Set<String> envNames = deployment(MINIMAL, component).getSpec().getTemplate().getSpec().getContainers().get(0)
                    .getEnv().stream().map(EnvVar::getName).collect(Collectors.toSet());
            for (String secretEnv : List.of("TRAVERSE_DB_USER", "TRAVERSE_VCENTER_USERNAME", "TRAVERSE_OPENSTACK_USERNAME")) {
                assertEquals(names.contains(secretEnv), envNames.contains(secretEnv), component + " " + secretEnv);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {MINIMAL, FULL})
    void everyPodShouldRunAsNonRootWithoutPrivileges(String values) {
        podSpecs(values).forEach((where, spec) -> {
            assertEquals(Boolean.TRUE, spec.getSecurityContext().getRunAsNonRoot(), where);
            assertNotNull(spec.getSecurityContext().getRunAsUser(), where);
            assertTrue(spec.getSecurityContext().getRunAsUser() > 0, where);
            assertEquals("RuntimeDefault", spec.getSecurityContext().getSeccompProfile().getType(), where);
            Stream.concat(spec.getContainers().stream(),
                    spec.getInitContainers() == null ? Stream.empty() : spec.getInitContainers().stream()).forEach(c -> {
                var sc = c.getSecurityContext();
                assertNotNull(sc, where + "/" + c.getName());
                assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), where);
                assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), where);
                assertTrue(sc.getPrivileged() == null || !sc.getPrivileged(), where);
                assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), where);
                assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp"))
                        || c.getName().equals("vddk"), where + " has a writable /tmp");
            });
        });
    }

    @Test
    void dashboardShouldBeClusterIpByDefaultAndNodePort30090WhenAsked() {
        assertEquals("ClusterIP", named(MINIMAL, Service.class, "traverse-dashboard-ui").getSpec().getType());
        assertTrue(all(MINIMAL, Ingress.class).isEmpty());
        Service full = named(FULL, Service.class, "traverse-dashboard-ui");
        assertEquals("NodePort", full.getSpec().getType());
        assertEquals(30090, full.getSpec().getPorts().get(0).getNodePort());
        assertEquals(8080, full.getSpec().getPorts().get(0).getPort());
    }

    @Test
    void ingressShouldRouteToTheDashboardService() {
        Ingress ingress = named(FULL, Ingress.class, "traverse-dashboard-ui");
        assertEquals("nginx", ingress.getSpec().getIngressClassName());
        assertEquals("migration-example-com-tls", ingress.getSpec().getTls().get(0).getSecretName());
        var backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
        Service dashboard = named(FULL, Service.class, backend.getName());
        assertEquals(backend.getPort().getName(), dashboard.getSpec().getPorts().get(0).getName());
    }

    @Test
    void serviceMonitorShouldScrapeMetricsOfEveryServiceOnlyWhenEnabled() {
        assertTrue(rendered(MINIMAL).stream().noneMatch(o -> o.getKind().equals("ServiceMonitor")));
        GenericKubernetesResource sm = (GenericKubernetesResource) rendered(FULL).stream()
                .filter(o -> o.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        assertEquals("monitoring.coreos.com/v1", sm.getApiVersion());
        assertEquals("kube-prometheus-stack", sm.getMetadata().getLabels().get("release"));
        Map<String, Object> endpoint = sm.<List<Map<String, Object>>>get("spec", "endpoints").get(0);
        assertEquals("/q/metrics", endpoint.get("path"));
        assertEquals("http", endpoint.get("port"));
        Map<String, String> selector = sm.get("spec", "selector", "matchLabels");
        for (Service s : all(FULL, Service.class)) {
            assertTrue(s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()), s.getMetadata().getName());
            assertEquals("http", s.getSpec().getPorts().get(0).getName());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {MINIMAL, FULL})
    void networkPoliciesShouldCloseEveryPodButTheDashboard(String values) {
        NetworkPolicy deny = named(values, NetworkPolicy.class, "traverse-default-deny-ingress");
        assertEquals(List.of("Ingress"), deny.getSpec().getPolicyTypes());
        assertTrue(deny.getSpec().getIngress() == null || deny.getSpec().getIngress().isEmpty());
        Map<String, String> denySelector = deny.getSpec().getPodSelector().getMatchLabels();
        for (Deployment d : all(values, Deployment.class)) {
            assertTrue(d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(denySelector.entrySet()));
        }
        for (Job j : jobTemplates(values).values()) {
            assertTrue(j.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(denySelector.entrySet()), "Jobs are closed too");
        }
        NetworkPolicy api = named(values, NetworkPolicy.class, "traverse-migration-api");
        var peers = api.getSpec().getIngress().get(0).getFrom();
        Map<String, String> dashboardPods = deployment(values, "dashboard-ui").getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(dashboardPods.entrySet().containsAll(peers.get(0).getPodSelector().getMatchLabels().entrySet()),
                "the dashboard's /api proxy reaches migration-api");
        NetworkPolicy dashboard = named(values, NetworkPolicy.class, "traverse-dashboard-ui");
        assertEquals("http", dashboard.getSpec().getIngress().get(0).getPorts().get(0).getPort().getStrVal());
    }

    @Test
    void egressPolicyShouldOnlyExistWhenEnabledAndAllowDnsAndTheGivenCidrs() {
        assertTrue(all(MINIMAL, NetworkPolicy.class).stream().noneMatch(p -> p.getMetadata().getName().endsWith("-egress")));
        NetworkPolicy egress = named(FULL, NetworkPolicy.class, "traverse-egress");
        Set<String> cidrs = egress.getSpec().getEgress().stream().filter(r -> r.getTo() != null)
                .flatMap(r -> r.getTo().stream()).filter(p -> p.getIpBlock() != null).map(p -> p.getIpBlock().getCidr())
                .collect(Collectors.toSet());
        assertEquals(Set.of("10.20.0.0/24", "10.20.1.10/32", "10.30.0.0/16", "10.40.0.0/24", "10.96.0.1/32", "10.50.0.5/32",
                "10.40.0.20/32"), cidrs);
        assertTrue(egress.getSpec().getEgress().get(0).getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 53));
    }

    @Test
    void imagesShouldComeFromTheConfiguredRegistryWithTheChartVersionByDefault() {
        assertEquals("registry.example.com/traverse/migration-api:0.1.0-SNAPSHOT",
                deployment(MINIMAL, "migration-api").getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals("registry.example.com/platform/traverse/dashboard-ui:1.2.3",
                deployment(FULL, "dashboard-ui").getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        String version = Chart.read(Chart.CHART.resolve("Chart.yaml")).lines().filter(l -> l.startsWith("appVersion:"))
                .findFirst().orElseThrow();
        String pomVersion = Chart.read(Chart.REPO.resolve("pom.xml")).lines().filter(l -> l.contains("<version>"))
                .findFirst().orElseThrow().trim().replace("<version>", "").replace("</version>", "");
        assertEquals("appVersion: \"" + pomVersion + "\"", version, "the chart's appVersion is the reactor's version");
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
    }
}
