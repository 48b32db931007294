package io.traverse.jobs;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs as Kubernetes {@code batch/v1} Jobs, built by the kind's {@link JobFactory}. The watch is a fabric8 informer on
 * the kind's labels: it re-lists after a disconnect, so a Job that failed while the dispatcher was down is still
 * reported when it comes back. A Job is FAILED when its {@code Failed} condition is true: retries exhausted
 * ({@code BackoffLimitExceeded}), deadline passed, or its pod was evicted (the skeleton's podFailurePolicy fails the
 * Job on {@code DisruptionTarget}). The reason of a FAILED Job leads with its last pod's termination message (what
 * the worker wrote to {@link JobLauncher#TERMINATION_MESSAGE_PATH_ENV}, or the tail of its log), and a pod that
 * exited with {@link JobLauncher#PERMANENT_FAILURE_EXIT_CODE} makes the status {@link JobStatus#permanent()}.
 */
public final class KubernetesJobLauncher implements JobLauncher {

    private static final Logger LOG = Logger.getLogger(KubernetesJobLauncher.class);

    private final KubernetesClient client;
    private final JobFactory factory;

    public KubernetesJobLauncher(KubernetesClient client, JobFactory factory) {
        this.client = client;
        this.factory = factory;
    }

    private String namespace() {
        return factory.config().namespace();
    }

    @Override
    public JobStatus launch(JobSpec spec) {
        Job existing = client.batch().v1().jobs().inNamespace(namespace()).withName(spec.name()).get();
        if (existing != null) {
            return withPodReason(toStatus(existing));
        }
        try {
            Job created = client.batch().v1().jobs().inNamespace(namespace()).resource(factory.create(spec)).create();
            LOG.infof("Created Job %s/%s for migration %s", namespace(), spec.name(), spec.migrationId());
            return toStatus(created);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) { // created meanwhile by a redelivered trigger
                return toStatus(client.batch().v1().jobs().inNamespace(namespace()).withName(spec.name()).get());
            }
            throw e;
        }
    }

    @Override
    public Optional<JobStatus> status(String name) {
        return Optional.ofNullable(client.batch().v1().jobs().inNamespace(namespace()).withName(name).get())
                .map(KubernetesJobLauncher::toStatus).map(this::withPodReason);
    }

    @Override
    public void cancel(String name) {
        client.batch().v1().jobs().inNamespace(namespace()).withName(name)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }

    @Override
    public AutoCloseable watch(JobListener listener) {
        Map<String, JobPhase> last = new ConcurrentHashMap<>();
        SharedIndexInformer<Job> informer = client.batch().v1().jobs().inNamespace(namespace())
                .withLabels(JobLabels.selector(factory.kind()))
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Job job) {
                        changed(job);
                    }

                    @Override
                    public void onUpdate(Job old, Job job) {
                        changed(job);
                    }

                    @Override
                    public void onDelete(Job job, boolean unknownFinalState) {
                        JobStatus s = toStatus(job);
                        last.remove(job.getMetadata().getName());
                        if (!s.phase().isFinal()) { // deleted while running: nobody will finish it
                            listener.onChange(new JobStatus(s.name(), s.kind(), s.migrationId(), s.vmId(), JobPhase.FAILED,
                                    "the Job was deleted before it finished"));
                        }
                    }

                    private void changed(Job job) {
                        JobStatus s = toStatus(job);
                        if (last.put(s.name(), s.phase()) != s.phase()) {
                            s = withPodReason(s);
                            try {
                                listener.onChange(s);
                            } catch (RuntimeException e) {
                                LOG.errorf(e, "Job listener failed on %s", s);
                            }
                        }
                    }
                }, 0L);
        return informer::close;
    }

    /**
     * A FAILED status with what its last pod said: the termination message of the pod that ended last, and whether
     * it exited with the permanent-failure code. Other statuses, and a Job whose pods are gone, stay as they are.
     */
    JobStatus withPodReason(JobStatus s) {
        if (s.phase() != JobPhase.FAILED) {
            return s;
        }
        try {
            Optional<ContainerStateTerminated> last = client.pods().inNamespace(namespace())
                    .withLabel("batch.kubernetes.io/job-name", s.name()).list().getItems().stream()
                    .map(Pod::getStatus).filter(Objects::nonNull)
                    .flatMap(st -> st.getContainerStatuses() == null ? java.util.stream.Stream.<ContainerStatus>empty()
                            : st.getContainerStatuses().stream())
                    .map(cs -> cs.getState() == null ? null : cs.getState().getTerminated())
                    .filter(Objects::nonNull)
                    .max(Comparator.comparing(t -> t.getFinishedAt() == null ? "" : t.getFinishedAt()));
            if (last.isEmpty()) {
                return s;
            }
            ContainerStateTerminated t = last.get();
            String said = t.getMessage() == null ? "" : t.getMessage().strip().replaceAll("\\s*\\R\\s*", "; ");
            String reason = said.isEmpty() ? s.reason() : said + " (" + s.reason() + ")";
            boolean permanent = t.getExitCode() != null && t.getExitCode() == PERMANENT_FAILURE_EXIT_CODE;
            return new JobStatus(s.name(), s.kind(), s.migrationId(), s.vmId(), s.phase(), reason, permanent);
        } catch (KubernetesClientException e) {
            LOG.warnf("Could not read the pods of Job %s for its failure reason: %s", s.name(), e.getMessage());
            return s;
        }
    }

    static JobStatus toStatus(Job job) {
        Map<String, String> labels = job.getMetadata().getLabels() == null ? Map.of() : job.getMetadata().getLabels();
        String migration = labels.get(JobLabels.MIGRATION_ID);
        JobPhase phase = JobPhase.PENDING;
        String reason = null;
        var status = job.getStatus();
        if (status != null) {
            if (status.getActive() != null && status.getActive() > 0) {
                phase = JobPhase.RUNNING;
            }
            if (status.getConditions() != null) {
                for (JobCondition c : status.getConditions()) {
                    if (!"True".equals(c.getStatus())) {
                        continue;
                    }
                    if ("Complete".equals(c.getType())) {
                        phase = JobPhase.SUCCEEDED;
                    } else if ("Failed".equals(c.getType())) {
                        phase = JobPhase.FAILED;
                        reason = failureReason(c);
                    }
                }
            }
        }
        return new JobStatus(job.getMetadata().getName(), labels.get(JobLabels.COMPONENT),
                migration == null ? null : UUID.fromString(migration), labels.get(JobLabels.VM_ID), phase, reason);
    }

    private static String failureReason(JobCondition c) {
        String msg = c.getMessage() == null ? "" : c.getMessage();
        if ("PodFailurePolicy".equals(c.getReason()) && msg.contains("DisruptionTarget")) {
            return "evicted: " + msg;
        }
        return (c.getReason() == null ? "Failed" : c.getReason()) + (msg.isEmpty() ? "" : ": " + msg);
    }
}
