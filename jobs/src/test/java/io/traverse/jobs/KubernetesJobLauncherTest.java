package io.traverse.jobs;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Kubernetes side of the JobLauncher, against fabric8's Kubernetes mock server (CRUD mode: a real API shape). */
@EnableKubernetesMockClient(crud = true)
class KubernetesJobLauncherTest {

    KubernetesClient client;

    static KubernetesJobConfig config() {
        return new KubernetesJobConfig("traverse", "registry.example/traverse/disk-transfer-worker:0.1.0", "IfNotPresent",
                "traverse-disk-transfer-job", 2, 3600, Optional.of(86_400L), "500m", "512Mi", "2", "2Gi",
                Optional.of("traverse-disk-transfer-env"), Map.of("QUARKUS_PROFILE", "job"), KubernetesJobConfig.DEFAULT_SKELETON);
    }

    private KubernetesJobLauncher launcher(String kind) {
        return new KubernetesJobLauncher(client, new JobFactory(kind, config()));
    }

    private static JobSpec spec(String kind, UUID migration) {
        return new JobSpec(JobSpec.name(kind, migration, "r1"), kind, migration, "vm-42",
                List.of("sync", "--migration", migration.toString(), "--round", "1"), Map.of("TRAVERSE_ROUND", "1"));
    }

    @Test
    void shouldCreateAJobWithLabelsServiceAccountResourcesBackoffTtlAndNoRestarts() {
        UUID migration = UUID.randomUUID();
        JobStatus s = launcher("disk-transfer").launch(spec("disk-transfer", migration));
        assertEquals(JobPhase.PENDING, s.phase());

        Job job = client.batch().v1().jobs().inNamespace("traverse").withName(s.name()).get();
        assertEquals(Map.of(JobLabels.PART_OF, "traverse", JobLabels.COMPONENT, "disk-transfer",
                JobLabels.MANAGED_BY, "disk-transfer-dispatcher", JobLabels.MIGRATION_ID, migration.toString(),
                JobLabels.VM_ID, "vm-42"), job.getMetadata().getLabels());
        assertEquals(2, job.getSpec().getBackoffLimit());
        assertEquals(3600, job.getSpec().getTtlSecondsAfterFinished());
        assertEquals(86_400L, job.getSpec().getActiveDeadlineSeconds());
        assertEquals("DisruptionTarget", job.getSpec().getPodFailurePolicy().getRules().getFirst().getOnPodConditions().getFirst().getType());
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        assertEquals("traverse-disk-transfer-job", pod.getServiceAccountName());
        assertEquals(migration.toString(), job.getSpec().getTemplate().getMetadata().getLabels().get(JobLabels.MIGRATION_ID));
        var c = pod.getContainers().getFirst();
        assertEquals("registry.example/traverse/disk-transfer-worker:0.1.0", c.getImage());
        assertEquals(List.of("sync", "--migration", migration.toString(), "--round", "1"), c.getArgs());
        assertEquals(new Quantity("500m"), c.getResources().getRequests().get("cpu"));
        assertEquals(new Quantity("2Gi"), c.getResources().getLimits().get("memory"));
        assertEquals("traverse-disk-transfer-env", c.getEnvFrom().getFirst().getSecretRef().getName());
        assertTrue(c.getEnv().stream().anyMatch(e -> e.getName().equals("TRAVERSE_ROUND") && e.getValue().equals("1")));
        assertTrue(c.getEnv().stream().anyMatch(e -> e.getName().equals("QUARKUS_PROFILE") && e.getValue().equals("job")));
        assertTrue(c.getEnv().stream().anyMatch(e -> e.getName().equals("TRAVERSE_MIGRATION_ID")));
    }

    @Test
    void shouldNotStartASecondJobForTheSameName() {
        UUID migration = UUID.randomUUID();
        KubernetesJobLauncher launcher = launcher("disk-transfer");
        launcher.launch(spec("disk-transfer", migration));
        launcher.launch(spec("disk-transfer", migration));
        assertEquals(1, client.batch().v1().jobs().inNamespace("traverse")
                .withLabel(JobLabels.MIGRATION_ID, migration.toString()).list().getItems().size());
    }

    @Test
    void shouldReportFailedEvictedAndSucceededJobsOfItsKindOnly() throws Exception {
        KubernetesJobLauncher disk = launcher("disk-transfer");
        List<JobStatus> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable watch = disk.watch(seen::add)) {
            UUID failed = UUID.randomUUID();
            UUID evicted = UUID.randomUUID();
            UUID ok = UUID.randomUUID();
            UUID otherKind = UUID.randomUUID();
            String f = disk.launch(spec("disk-transfer", failed)).name();
            String e = disk.launch(spec("disk-transfer", evicted)).name();
            String s = disk.launch(spec("disk-transfer", ok)).name();
            String o = launcher("conversion").launch(spec("conversion", otherKind)).name();

            setCondition(f, "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
            setCondition(e, "Failed", "PodFailurePolicy",
                    "Pod traverse/" + e + "-x has condition DisruptionTarget matching FailJob rule at index 0");
            setCondition(s, "Complete", null, null);
            setCondition(o, "Failed", "BackoffLimitExceeded", "");

            await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream().filter(x -> x.phase().isFinal()).count() == 3);
            JobStatus fs = find(seen, failed);
            assertEquals(JobPhase.FAILED, fs.phase());
            assertEquals("BackoffLimitExceeded: Job has reached the specified backoff limit", fs.reason());
            assertEquals("vm-42", fs.vmId());
            assertEquals("disk-transfer", fs.kind());
            assertTrue(find(seen, evicted).reason().startsWith("evicted: "), find(seen, evicted).reason());
            assertEquals(JobPhase.SUCCEEDED, find(seen, ok).phase());
            assertTrue(seen.stream().noneMatch(x -> otherKind.equals(x.migrationId())), "another kind's Jobs are not ours");
        }
    }

    @Test
    void aFailedJobsReasonLeadsWithItsPodsTerminationMessageAndExitCode3IsPermanent() throws Exception {
        KubernetesJobLauncher launcher = launcher("disk-transfer");
        List<JobStatus> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable w = launcher.watch(seen::add)) {
            UUID gone = UUID.randomUUID();
            UUID flaky = UUID.randomUUID();
            String g = launcher.launch(spec("disk-transfer", gone)).name();
            String f = launcher.launch(spec("disk-transfer", flaky)).name();
            // what the kubelet records when the worker wrote its reason to /dev/termination-log and exited
            pod(g, "-a", 3, "source disk [LocalDS_0] vm/vm.vmdk not found (HTTP 404)\n", "2026-12-06T07:00:00Z");
            pod(f, "-a", 1, "connection reset on try 1", "2026-12-06T07:00:00Z");
            pod(f, "-b", 1, "connection reset on try 2", "2026-12-06T07:01:00Z");
            setCondition(g, "Failed", "PodFailurePolicy", "Container worker for pod traverse/" + g
                    + "-a failed with exit code 3 matching FailJob rule at index 1");
            setCondition(f, "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");

            await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream().filter(x -> x.phase().isFinal()).count() == 2);
            JobStatus p = find(seen, gone);
            assertTrue(p.permanent());
            assertTrue(p.reason().startsWith("source disk [LocalDS_0] vm/vm.vmdk not found (HTTP 404) (PodFailurePolicy: "),
                    p.reason());
            JobStatus r = find(seen, flaky);
            assertFalse(r.permanent());
            assertEquals("connection reset on try 2 (BackoffLimitExceeded: Job has reached the specified backoff limit)",
                    r.reason(), "the last pod's word");
            assertEquals(r, launcher.status(f).orElseThrow());
        }
    }

    private void pod(String job, String suffix, int exitCode, String message, String finishedAt) {
        Pod pod = new PodBuilder().withNewMetadata().withName(job + suffix).withNamespace("traverse")
                .addToLabels("batch.kubernetes.io/job-name", job).endMetadata()
                .withNewSpec().addNewContainer().withName("worker").withImage("x").endContainer().endSpec().build();
        client.pods().inNamespace("traverse").resource(pod).create();
        pod.setStatus(new PodStatusBuilder().withPhase("Failed").addNewContainerStatus().withName("worker")
                .withNewState().withNewTerminated().withExitCode(exitCode).withMessage(message).withFinishedAt(finishedAt)
                .endTerminated().endState().endContainerStatus().build());
        client.pods().inNamespace("traverse").resource(pod).updateStatus();
    }

    private static JobStatus find(List<JobStatus> seen, UUID migration) {
        return seen.stream().filter(x -> migration.equals(x.migrationId()) && x.phase().isFinal()).findFirst().orElseThrow();
    }

    private void setCondition(String name, String type, String reason, String message) {
        Job job = client.batch().v1().jobs().inNamespace("traverse").withName(name).get();
        job.setStatus(new JobStatusBuilder().withActive(0).withConditions(new JobConditionBuilder()
                .withType(type).withStatus("True").withReason(reason).withMessage(message).build()).build());
        client.batch().v1().jobs().inNamespace("traverse").resource(job).updateStatus();
    }
}
