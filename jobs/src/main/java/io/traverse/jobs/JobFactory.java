package io.traverse.jobs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one worker kind's Jobs from a YAML skeleton plus the kind's configuration.
 *
 * <p>The skeleton is a file (the Helm chart mounts its rendered skeleton from a ConfigMap, so image, credentials,
 * resources, volumes and scheduling are set with Helm values) or, when no such file exists, a classpath resource
 * (the built-in {@link KubernetesJobConfig#DEFAULT_SKELETON}, which holds only what never varies).
 *
 * <p>The skeleton wins wherever it says something; the configuration fills only what it leaves out (image, pull
 * policy, service account, backoff, TTL, deadline, resources). Per Job this class always sets the name, namespace,
 * arguments, the Traverse labels (added to the skeleton's) and the Job's own environment (added to the skeleton's,
 * replacing a variable of the same name).
 *
 * <p>Whatever the skeleton says, a Job also gets: a podFailurePolicy rule that fails it at once on exit code
 * {@link JobLauncher#PERMANENT_FAILURE_EXIT_CODE} (and, when the skeleton has no policy at all, the eviction rule of
 * the built-in skeleton), the variable {@link JobLauncher#TERMINATION_MESSAGE_PATH_ENV} naming the container's
 * termination message file, and {@code terminationMessagePolicy: FallbackToLogsOnError} unless the skeleton chose
 * one, so a failed pod's status says why even when the worker died before writing its reason.
 */
public class JobFactory {

    private final String kind;
    private final KubernetesJobConfig config;
    private final String skeleton;

    public JobFactory(String kind, KubernetesJobConfig config) {
        this.kind = kind;
        this.config = config;
        this.skeleton = readSkeleton(config.skeleton());
        // fail at start-up, not at the first migration, when the skeleton is not a Job with a container
        Job parsed = parse();
        if (parsed.getSpec() == null || parsed.getSpec().getTemplate() == null || parsed.getSpec().getTemplate().getSpec() == null
                || parsed.getSpec().getTemplate().getSpec().getContainers() == null
                || parsed.getSpec().getTemplate().getSpec().getContainers().isEmpty()) {
            throw new IllegalArgumentException("Job skeleton " + config.skeleton() + " has no spec.template.spec.containers");
        }
    }

    /** A file when one exists at that path, else a classpath resource; neither is an error naming both. */
    static String readSkeleton(String location) {
        try {
            Path file = Path.of(location);
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
        } catch (InvalidPathException e) {
            // not a file name: try the classpath
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Job skeleton " + location, e);
        }
        try (InputStream in = JobFactory.class.getResourceAsStream(location)) {
            if (in == null) {
                throw new IllegalArgumentException("no Job skeleton " + location + ": neither a file nor a classpath resource");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
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

    private Job parse() {
        return Serialization.unmarshal(skeleton, Job.class);
    }

    public Job create(JobSpec spec) {
        if (!kind.equals(spec.kind())) {
            throw new IllegalArgumentException("a " + kind + " JobFactory cannot build a " + spec.kind() + " job");
        }
        Job job = parse();
        Map<String, String> labels = JobLabels.of(kind, spec.migrationId(), spec.vmId());
        if (job.getMetadata() == null) {
            job.setMetadata(new ObjectMeta());
        }
        job.getMetadata().setName(spec.name());
        job.getMetadata().setNamespace(config.namespace());
        job.getMetadata().setLabels(withLabels(job.getMetadata().getLabels(), labels));
        var js = job.getSpec();
        if (js.getBackoffLimit() == null) {
            js.setBackoffLimit(config.backoffLimit());
        }
        if (js.getTtlSecondsAfterFinished() == null) {
            js.setTtlSecondsAfterFinished((int) config.ttlSecondsAfterFinished());
        }
        if (js.getActiveDeadlineSeconds() == null) {
            config.activeDeadlineSeconds().ifPresent(js::setActiveDeadlineSeconds);
        }
        if (js.getTemplate().getMetadata() == null) {
            js.getTemplate().setMetadata(new ObjectMeta());
        }
        js.getTemplate().getMetadata().setLabels(withLabels(js.getTemplate().getMetadata().getLabels(), labels));
        PodSpec pod = js.getTemplate().getSpec();
        if (blank(pod.getServiceAccountName())) {
            pod.setServiceAccountName(config.serviceAccount());
        }
        pod.setRestartPolicy("Never"); // whatever the skeleton says: a Job's pods must never restart in place
        Container c = pod.getContainers().getFirst();
        js.setPodFailurePolicy(withPermanentExitRule(js.getPodFailurePolicy(), c.getName()));
        if (blank(c.getTerminationMessagePath())) {
            c.setTerminationMessagePath(DEFAULT_TERMINATION_MESSAGE_PATH);
        }
        if (blank(c.getTerminationMessagePolicy())) {
            c.setTerminationMessagePolicy("FallbackToLogsOnError");
        }
        if (blank(c.getImage())) {
            c.setImage(config.image());
        }
        if (blank(c.getImagePullPolicy())) {
            c.setImagePullPolicy(config.imagePullPolicy());
        }
        c.setArgs(new ArrayList<>(spec.args()));
        Map<String, String> env = new LinkedHashMap<>(config.extraEnv());
        env.putAll(spec.env());
        env.put("TRAVERSE_JOB_NAME", spec.name());
        env.put("TRAVERSE_MIGRATION_ID", spec.migrationId().toString());
        env.put(JobLauncher.TERMINATION_MESSAGE_PATH_ENV, c.getTerminationMessagePath());
        c.setEnv(withEnv(c.getEnv(), env));
        config.envSecret().ifPresent(secret -> {
            List<EnvFromSource> from = c.getEnvFrom() == null ? new ArrayList<>() : new ArrayList<>(c.getEnvFrom());
            from.add(new EnvFromSourceBuilder().withNewSecretRef().withName(secret).endSecretRef().build());
            c.setEnvFrom(from);
        });
        if (!hasResources(c.getResources())) {
            c.setResources(new ResourceRequirementsBuilder()
                    .addToRequests("cpu", new Quantity(config.cpuRequest()))
                    .addToRequests("memory", new Quantity(config.memoryRequest()))
                    .addToLimits("cpu", new Quantity(config.cpuLimit()))
                    .addToLimits("memory", new Quantity(config.memoryLimit()))
                    .build());
        }
        return job;
    }

    static final String DEFAULT_TERMINATION_MESSAGE_PATH = "/dev/termination-log";

    /**
     * The skeleton's pod failure rules plus one that fails the Job, without a retry, when the worker exits with
     * {@link JobLauncher#PERMANENT_FAILURE_EXIT_CODE}; a skeleton without any policy gets the eviction rule as well.
     */
    private static PodFailurePolicy withPermanentExitRule(PodFailurePolicy skeleton, String container) {
        List<PodFailurePolicyRule> rules = new ArrayList<>();
        if (skeleton == null || skeleton.getRules() == null || skeleton.getRules().isEmpty()) {
            rules.add(new PodFailurePolicyRuleBuilder().withAction("FailJob")
                    .addNewOnPodCondition().withType("DisruptionTarget").withStatus("True").endOnPodCondition().build());
        } else {
            rules.addAll(skeleton.getRules());
        }
        boolean present = rules.stream().anyMatch(r -> r.getOnExitCodes() != null && "FailJob".equals(r.getAction())
                && "In".equals(r.getOnExitCodes().getOperator())
                && r.getOnExitCodes().getValues().contains(JobLauncher.PERMANENT_FAILURE_EXIT_CODE));
        if (!present) {
            rules.add(new PodFailurePolicyRuleBuilder().withAction("FailJob").withNewOnExitCodes()
                    .withContainerName(container).withOperator("In").withValues(JobLauncher.PERMANENT_FAILURE_EXIT_CODE)
                    .endOnExitCodes().build());
        }
        return new PodFailurePolicy(rules);
    }

    /** The skeleton's labels plus ours; ours win, because the dispatcher's watch selects on them. */
    private static Map<String, String> withLabels(Map<String, String> skeleton, Map<String, String> ours) {
        Map<String, String> all = new LinkedHashMap<>(skeleton == null ? Map.of() : skeleton);
        all.putAll(ours);
        return all;
    }

    /** The skeleton's variables (values and secret references) in order, then ours; one of ours replaces a namesake. */
    private static List<EnvVar> withEnv(List<EnvVar> skeleton, Map<String, String> ours) {
        List<EnvVar> vars = new ArrayList<>();
        for (EnvVar v : skeleton == null ? List.<EnvVar>of() : skeleton) {
            if (!ours.containsKey(v.getName())) {
                vars.add(v);
            }
        }
        ours.forEach((k, v) -> vars.add(new EnvVar(k, v, null)));
        return vars;
    }

    private static boolean hasResources(ResourceRequirements r) {
        return r != null && ((r.getRequests() != null && !r.getRequests().isEmpty()) || (r.getLimits() != null && !r.getLimits().isEmpty()));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
