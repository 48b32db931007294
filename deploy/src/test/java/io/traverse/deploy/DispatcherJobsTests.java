package io.traverse.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.traverse.jobs.JobFactory;
import io.traverse.jobs.JobLabels;
import io.traverse.jobs.JobPhase;
import io.traverse.jobs.JobSpec;
import io.traverse.jobs.JobStatus;
import io.traverse.jobs.KubernetesJobConfig;
import io.traverse.jobs.KubernetesJobLauncher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.traverse.deploy.RenderedManifestsTests.FULL;
import static io.traverse.deploy.RenderedManifestsTests.MINIMAL;
import static io.traverse.deploy.RenderedManifestsTests.deployment;
import static io.traverse.deploy.RenderedManifestsTests.named;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dispatcher's JobLauncher (module jobs) run against fabric8's Kubernetes mock server with the skeleton the chart
 * renders, mounted as a file as in a pod: the Job it creates keeps the chart's image, credentials and labels, and
 * the API calls it makes are exactly what the chart's Role grants — no more, no less.
 */
@EnableKubernetesMockClient(crud = true)
class DispatcherJobsTests {

    KubernetesClient client;
    KubernetesMockServer server;

    @TempDir
    Path mount;

    /** The dispatcher's configuration as the chart leaves it: only namespace and skeleton matter, the rest is filled. */
    private KubernetesJobLauncher launcher(String values, String dispatcher) throws IOException {
        ConfigMap cm = named(values, ConfigMap.class, "traverse-" + dispatcher + "-job");
        Path skeleton = Files.writeString(mount.resolve(dispatcher + "-job.yaml"), cm.getData().get("job.yaml"));
        KubernetesJobConfig config = new KubernetesJobConfig(Chart.NAMESPACE, "traverse/" + dispatcher + ":latest", "IfNotPresent",
                "traverse-unused", 2, 86_400, Optional.empty(), "500m", "512Mi", "2", "2Gi", Optional.empty(), Map.of(),
                skeleton.toString());
        String kind = dispatcher.equals("disk-transfer-worker") ? "disk-transfer" : "conversion";
        return new KubernetesJobLauncher(client, new JobFactory(kind, config));
    }

    @ParameterizedTest
    @ValueSource(strings = {"disk-transfer-worker", "conversion-worker"})
    void theRoleShouldGrantExactlyTheCallsTheDispatchersMake(String dispatcher) throws Exception {
        Map<String, Set<String>> calls = new TreeMap<>();
        Set<String> namespaces = new TreeSet<>();
        KubernetesJobLauncher launcher = launcher(MINIMAL, dispatcher);
        String kind = dispatcher.equals("disk-transfer-worker") ? "disk-transfer" : "conversion";
        List<JobStatus> seen = new CopyOnWriteArrayList<>();
        UUID migration = UUID.randomUUID();
        JobSpec spec = new JobSpec(JobSpec.name(kind, migration, "r1"), kind, migration, "vm-42", List.of("run"), Map.of());
        // every operation a dispatcher has: watch its Jobs, launch (twice: a redelivered trigger), status, cancel
        try (AutoCloseable watch = launcher.watch(seen::add)) {
            launcher.launch(spec);
            launcher.launch(spec);
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream().anyMatch(s -> s.name().equals(spec.name())));
            launcher.status(spec.name());
            launcher.cancel(spec.name());
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream().anyMatch(s -> s.phase() == JobPhase.FAILED));
        }
        record(calls, namespaces);
        assertEquals(Set.of(Chart.NAMESPACE), namespaces, "every call stays in the release namespace (a Role, not a ClusterRole)");
        assertEquals(Map.of("batch/jobs", Set.of("create", "delete", "get", "list", "watch")), calls,
                "what the dispatchers call (if this changes, change templates/rbac.yaml with it)");
        for (String values : List.of(MINIMAL, FULL)) {
            assertEquals(calls, RenderedManifestsTests.granted(values), "the Role grants exactly the calls made (" + values + ")");
        }
    }

    private static final Pattern PATH = Pattern.compile("^/apis?/(?:([a-z0-9.]+)/)?v[0-9a-z]+/namespaces/([^/]+)/([a-z]+)(?:/([^/]+)(?:/([a-z]+))?)?$");

    /** Every request the mock server received so far, as RBAC (group/resource → verbs). */
    private void record(Map<String, Set<String>> calls, Set<String> namespaces) throws InterruptedException {
        RecordedRequest r;
        while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            URI uri = URI.create(r.getPath());
            Matcher m = PATH.matcher(uri.getPath());
            assertTrue(m.matches(), "an API call outside a namespace: " + r.getMethod() + " " + r.getPath());
            String group = r.getPath().startsWith("/api/") ? "" : m.group(1);
            namespaces.add(m.group(2));
            String resource = m.group(3) + (m.group(5) == null ? "" : "/" + m.group(5));
            boolean named = m.group(4) != null;
            String query = uri.getQuery() == null ? "" : uri.getQuery();
            String verb = switch (r.getMethod()) {
                case "GET" -> named ? "get" : query.contains("watch=true") ? "watch" : "list";
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> named ? "delete" : "deletecollection";
                default -> throw new AssertionError("unexpected " + r.getMethod() + " " + r.getPath());
            };
            calls.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>()).add(verb);
        }
    }

    @Test
    void aJobStartedFromTheChartsSkeletonShouldKeepItsImageCredentialsVolumesAndLabels() throws Exception {
        KubernetesJobLauncher launcher = launcher(FULL, "disk-transfer-worker");
        UUID migration = UUID.randomUUID();
        String name = JobSpec.name("disk-transfer", migration, "r2");
        launcher.launch(new JobSpec(name, "disk-transfer", migration, "vm-7",
                List.of("sync", "--migration", migration.toString(), "--round", "2"), Map.of("TRAVERSE_ROUND", "2")));
        Job job = client.batch().v1().jobs().inNamespace(Chart.NAMESPACE).withName(name).get();
        assertNotNull(job);

        Container dispatcher = deployment(FULL, "disk-transfer-worker").getSpec().getTemplate().getSpec().getContainers().get(0);
        var pod = job.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertEquals(dispatcher.getImage(), c.getImage(), "the chart's image, not the configuration's default");
        assertEquals("traverse-job", pod.getServiceAccountName());
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());
        assertEquals(1, job.getSpec().getBackoffLimit(), "full-values' backoffLimit");
        assertEquals(List.of("sync", "--migration", migration.toString(), "--round", "2"), c.getArgs());
        assertEquals("2", c.getResources().getRequests().get("cpu").toString(), "full-values' Job resources");
        assertEquals("registry.example.com/platform/vddk:8.0.3", pod.getInitContainers().get(0).getImage());
        assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getNfs() != null), "the Cinder NFS export");
        assertEquals("traverse-database", secretOf(c, "TRAVERSE_DB_PASSWORD"));
        assertEquals("traverse-vcenter", secretOf(c, "TRAVERSE_VCENTER_PASSWORD"));
        assertEquals("traverse-openstack", secretOf(c, "TRAVERSE_OPENSTACK_PASSWORD"));
        assertEquals("2", c.getEnv().stream().filter(e -> e.getName().equals("TRAVERSE_ROUND")).findFirst().orElseThrow().getValue());
        for (Map<String, String> labels : List.of(job.getMetadata().getLabels(), job.getSpec().getTemplate().getMetadata().getLabels())) {
            assertEquals(Chart.RELEASE, labels.get("app.kubernetes.io/instance"), "NetworkPolicies and uninstall select on it");
            assertEquals("disk-transfer", labels.get(JobLabels.COMPONENT), "the dispatcher's watch selects on it");
            assertEquals(migration.toString(), labels.get(JobLabels.MIGRATION_ID));
        }
    }

    private static String secretOf(Container c, String name) {
        EnvVar e = c.getEnv().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
        return e.getValueFrom().getSecretKeyRef().getName();
    }
}
