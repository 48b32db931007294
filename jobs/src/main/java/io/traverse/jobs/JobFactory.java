package io.traverse.jobs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds one worker kind's Jobs from the YAML skeleton in resources (restartPolicy Never, podFailurePolicy, security
 * context) plus the kind's configuration; the skeleton holds what never varies, this class only what does.
 */
public class JobFactory {

    private final String kind;
    private final KubernetesJobConfig config;
    private final String skeleton;

    public JobFactory(String kind, KubernetesJobConfig config) {
        this.kind = kind;
        this.config = config;
        try (InputStream in = Objects.requireNonNull(JobFactory.class.getResourceAsStream(config.skeleton()),
                "no Job skeleton " + config.skeleton())) {
            this.skeleton = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String kind() {
        return kind;
    }

    public KubernetesJobConfig config() {
        return config;
    }

    public Job create(JobSpec spec) {
        if (!kind.equals(spec.kind())) {
            throw new IllegalArgumentException("a " + kind + " JobFactory cannot build a " + spec.kind() + " job");
        }
        Job job = Serialization.unmarshal(skeleton, Job.class);
        Map<String, String> labels = JobLabels.of(kind, spec.migrationId(), spec.vmId());
        job.getMetadata().setName(spec.name());
        job.getMetadata().setNamespace(config.namespace());
        job.getMetadata().setLabels(labels);
        job.getSpec().setBackoffLimit(config.backoffLimit());
        job.getSpec().setTtlSecondsAfterFinished((int) config.ttlSecondsAfterFinished());
        config.activeDeadlineSeconds().ifPresent(job.getSpec()::setActiveDeadlineSeconds);
        if (job.getSpec().getTemplate().getMetadata() == null) {
            job.getSpec().getTemplate().setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
        job.getSpec().getTemplate().getMetadata().setLabels(labels);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        pod.setServiceAccountName(config.serviceAccount());
        pod.setRestartPolicy("Never"); // the skeleton says so too; a Job's pods must never restart in place
        Container c = pod.getContainers().getFirst();
        c.setImage(config.image());
        c.setImagePullPolicy(config.imagePullPolicy());
        c.setArgs(new ArrayList<>(spec.args()));
        Map<String, String> env = new LinkedHashMap<>(config.extraEnv());
        env.putAll(spec.env());
        env.put("TRAVERSE_JOB_NAME", spec.name());
        env.put("TRAVERSE_MIGRATION_ID", spec.migrationId().toString());
        List<EnvVar> vars = new ArrayList<>();
        env.forEach((k, v) -> vars.add(new EnvVar(k, v, null)));
        c.setEnv(vars);
        config.envSecret().ifPresent(secret -> c.setEnvFrom(List.of(new EnvFromSourceBuilder()
                .withNewSecretRef().withName(secret).endSecretRef().build())));
        c.setResources(new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(config.cpuRequest()))
                .addToRequests("memory", new Quantity(config.memoryRequest()))
                .addToLimits("cpu", new Quantity(config.cpuLimit()))
                .addToLimits("memory", new Quantity(config.memoryLimit()))
                .build());
        return job;
    }
}
