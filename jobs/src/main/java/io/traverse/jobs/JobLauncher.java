package io.traverse.jobs;

import java.util.Optional;

/**
 * Runs one unit of a worker's work (a VM's disk sync, a VM's conversion) away from the long-running dispatcher and
 * says how it ended. Two implementations: {@link KubernetesJobLauncher} (a Kubernetes {@code Job} running the
 * worker's image in command mode; production) and {@link LocalProcessJobLauncher} (a child process; local stack).
 *
 * <p>Names are the idempotency key: launching a name that already runs (or ran) returns its status and starts
 * nothing, so a redelivered trigger cannot start a second copy of the same work. A new attempt at work whose Job
 * failed (a retried migration) therefore needs a new name, e.g. {@code disk-transfer-<migration>-r1-a2}.
 */
public interface JobLauncher {

    /**
     * Exit code of a job whose work cannot succeed however often it runs (e.g. its source disk is gone, its
     * credentials are refused): the launchers do not retry it (Kubernetes: a podFailurePolicy {@code FailJob} rule),
     * and its status says {@link JobStatus#permanent()}.
     */
    int PERMANENT_FAILURE_EXIT_CODE = 3;

    /**
     * Environment variable naming the file a job writes the reason for its failure to, one short line for a person.
     * Kubernetes: the container's termination message file ({@code /dev/termination-log}), read back from the pod's
     * status; local processes: {@code <log-dir>/<job>.reason}. The launchers put it in {@link JobStatus#reason()}.
     */
    String TERMINATION_MESSAGE_PATH_ENV = "TRAVERSE_TERMINATION_MESSAGE_PATH";

    /** Starts the job, or finds the one with the same name. */
    JobStatus launch(JobSpec spec);

    /** The job's state now, if the launcher knows it. */
    Optional<JobStatus> status(String name);

    /** Stops the job and removes what it left (pods, processes); no-op when it is gone. */
    void cancel(String name);

    /**
     * Calls {@code listener} whenever a job of this launcher's kind changes phase, including jobs launched before
     * this process started (Kubernetes: those still in the API). Close the returned handle to stop.
     */
    AutoCloseable watch(JobListener listener);
}
