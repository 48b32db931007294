package io.traverse.jobs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where JobFactory reads its skeleton from, and how a skeleton of the user's and the configuration combine. */
class JobFactoryTest {

    /** Like the Helm chart's rendered skeleton (deploy/helm/traverse/templates/jobs.yaml), trimmed to what matters. */
    static final String CHART_LIKE_SKELETON = """
            apiVersion: batch/v1
            kind: Job
            metadata:
              labels:
                app.kubernetes.io/part-of: traverse
                app.kubernetes.io/instance: prod
                app.kubernetes.io/component: job
            spec:
              backoffLimit: 0
              activeDeadlineSeconds: 600
              template:
                metadata:
                  labels:
                    app.kubernetes.io/instance: prod
                spec:
                  restartPolicy: OnFailure
                  serviceAccountName: prod-job
                  containers:
                    - name: job
                      image: registry.example.com/traverse/disk-transfer-worker:1.2.3
                      imagePullPolicy: Always
                      env:
                        - name: TRAVERSE_DB_PASSWORD
                          valueFrom:
                            secretKeyRef: {name: prod-database, key: password}
                        - name: TRAVERSE_ROUND
                          value: "0"
                      resources:
                        requests: {cpu: "2", memory: 2Gi}
                      volumeMounts:
                        - {name: var-tmp, mountPath: /var/tmp}
                  volumes:
                    - name: var-tmp
                      emptyDir: {}
            """;

    static KubernetesJobConfig config(String skeleton) {
        return new KubernetesJobConfig("migration", "traverse/disk-transfer-worker:latest", "IfNotPresent",
                "traverse-disk-transfer-job", 2, 3600, Optional.of(86_400L), "500m", "512Mi", "2", "2Gi",
                Optional.empty(), Map.of("QUARKUS_PROFILE", "job"), skeleton);
    }

    static JobSpec spec(UUID migration) {
        return new JobSpec(JobSpec.name("disk-transfer", migration, "r1"), "disk-transfer", migration, "vm-42",
                List.of("sync", "--migration", migration.toString(), "--round", "1"), Map.of("TRAVERSE_ROUND", "1"));
    }

    @Test
    void shouldReadAMountedSkeletonFileAndKeepWhatItSets(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("job.yaml"), CHART_LIKE_SKELETON);
        UUID migration = UUID.randomUUID();
        Job job = new JobFactory("disk-transfer", config(file.toString())).create(spec(migration));

        // the chart's labels stay (NetworkPolicies and `kubectl delete jobs -l` select on them); ours are added and win
        Map<String, String> labels = job.getMetadata().getLabels();
        assertEquals("prod", labels.get("app.kubernetes.io/instance"));
        assertEquals("disk-transfer", labels.get(JobLabels.COMPONENT), "the dispatcher's watch selects on our component");
        assertEquals(migration.toString(), labels.get(JobLabels.MIGRATION_ID));
        Map<String, String> podLabels = job.getSpec().getTemplate().getMetadata().getLabels();
        assertEquals("prod", podLabels.get("app.kubernetes.io/instance"));
        assertEquals("traverse", podLabels.get(JobLabels.PART_OF));

        assertEquals("migration", job.getMetadata().getNamespace());
        assertEquals(0, job.getSpec().getBackoffLimit(), "the skeleton's backoffLimit, not the configuration's 2");
        assertEquals(600L, job.getSpec().getActiveDeadlineSeconds());
        assertEquals(3600, job.getSpec().getTtlSecondsAfterFinished(), "left out by the skeleton: from the configuration");
        var pod = job.getSpec().getTemplate().getSpec();
        assertEquals("prod-job", pod.getServiceAccountName());
        assertEquals("Never", pod.getRestartPolicy(), "never restarted in place, whatever a skeleton says");
        assertEquals("var-tmp", pod.getVolumes().getFirst().getName());

        Container c = pod.getContainers().getFirst();
        assertEquals("registry.example.com/traverse/disk-transfer-worker:1.2.3", c.getImage());
        assertEquals("Always", c.getImagePullPolicy());
        assertEquals(List.of("sync", "--migration", migration.toString(), "--round", "1"), c.getArgs());
        assertEquals(new Quantity("2"), c.getResources().getRequests().get("cpu"));
        assertTrue(c.getResources().getLimits() == null || c.getResources().getLimits().isEmpty(), "the skeleton's resources are taken whole");
        EnvVar password = env(c, "TRAVERSE_DB_PASSWORD");
        assertEquals("prod-database", password.getValueFrom().getSecretKeyRef().getName(), "secret references survive");
        assertEquals("1", env(c, "TRAVERSE_ROUND").getValue(), "the Job's own value replaces the skeleton's");
        assertEquals(1, c.getEnv().stream().filter(e -> e.getName().equals("TRAVERSE_ROUND")).count());
        assertEquals("job", env(c, "QUARKUS_PROFILE").getValue());
        assertEquals(job.getMetadata().getName(), env(c, "TRAVERSE_JOB_NAME").getValue());
        assertEquals("/var/tmp", c.getVolumeMounts().getFirst().getMountPath());

        // the chart's skeleton says nothing about failures: an eviction and a permanent failure still fail it at once
        List<PodFailurePolicyRule> rules = job.getSpec().getPodFailurePolicy().getRules();
        assertEquals("DisruptionTarget", rules.get(0).getOnPodConditions().getFirst().getType());
        assertPermanentExitRule(rules.get(1), "job");
        assertEquals("/dev/termination-log", env(c, JobLauncher.TERMINATION_MESSAGE_PATH_ENV).getValue());
        assertEquals("FallbackToLogsOnError", c.getTerminationMessagePolicy());
    }

    /** Exit code 3 of the worker container fails the Job without a retry. */
    private static void assertPermanentExitRule(PodFailurePolicyRule rule, String container) {
        assertEquals("FailJob", rule.getAction());
        assertEquals(container, rule.getOnExitCodes().getContainerName());
        assertEquals("In", rule.getOnExitCodes().getOperator());
        assertEquals(List.of(JobLauncher.PERMANENT_FAILURE_EXIT_CODE), rule.getOnExitCodes().getValues());
    }

    @Test
    void shouldFillTheBuiltInSkeletonFromTheConfiguration() {
        Job job = new JobFactory("disk-transfer", config(KubernetesJobConfig.DEFAULT_SKELETON)).create(spec(UUID.randomUUID()));
        assertEquals(2, job.getSpec().getBackoffLimit());
        assertEquals(86_400L, job.getSpec().getActiveDeadlineSeconds());
        assertEquals("DisruptionTarget", job.getSpec().getPodFailurePolicy().getRules().getFirst().getOnPodConditions().getFirst().getType());
        assertEquals(2, job.getSpec().getPodFailurePolicy().getRules().size(), "the skeleton's eviction rule, then ours");
        assertPermanentExitRule(job.getSpec().getPodFailurePolicy().getRules().get(1), "worker");
        var pod = job.getSpec().getTemplate().getSpec();
        assertEquals("traverse-disk-transfer-job", pod.getServiceAccountName());
        Container c = pod.getContainers().getFirst();
        assertEquals("traverse/disk-transfer-worker:latest", c.getImage());
        assertEquals(new Quantity("2Gi"), c.getResources().getLimits().get("memory"));
        assertEquals(Boolean.FALSE, c.getSecurityContext().getAllowPrivilegeEscalation());
    }

    @Test
    void shouldPreferAFileOverAClasspathResourceOfTheSameName(@TempDir Path dir) throws IOException {
        // a skeleton path is tried as a file first: the chart's /etc/traverse/jobs/job.yaml is no classpath resource
        Path file = Files.writeString(dir.resolve("job.yaml"), CHART_LIKE_SKELETON);
        assertTrue(JobFactory.readSkeleton(file.toString()).contains("prod-job"));
        assertTrue(JobFactory.readSkeleton(KubernetesJobConfig.DEFAULT_SKELETON).contains("podFailurePolicy"));
    }

    @Test
    void shouldRefuseAMissingSkeletonAtConstructionNamingIt(@TempDir Path dir) throws IOException {
        String missing = dir.resolve("not-mounted/job.yaml").toString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JobFactory("disk-transfer", config(missing)));
        assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("neither a file nor a classpath resource"), e.getMessage());

        Path noContainers = Files.writeString(dir.resolve("empty.yaml"), "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec: {}\n");
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> new JobFactory("disk-transfer", config(noContainers.toString())));
        assertTrue(e2.getMessage().contains("no spec.template.spec.containers"), e2.getMessage());
    }

    private static EnvVar env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + c.getEnv()));
    }
}
