package io.traverse.jobs;

import java.util.UUID;

/**
 * @param name        the job's name
 * @param kind        worker kind, e.g. disk-transfer
 * @param migrationId the migration it works for
 * @param vmId        the source VM
 * @param phase       where it is
 * @param reason      for FAILED: why, for a person — the job's own last word when it left one
 *                    ({@link JobLauncher#TERMINATION_MESSAGE_PATH_ENV}), then how it ended (e.g. "source disk [ds] vm/vm.vmdk
 *                    not found (HTTP 404) (exit code 3)", "evicted: The node was low on resource: memory",
 *                    "BackoffLimitExceeded: Job has reached the specified backoff limit"); else null
 * @param permanent   for FAILED: the job said its work cannot succeed ({@link JobLauncher#PERMANENT_FAILURE_EXIT_CODE}),
 *                    so running it again will not help
 */
public record JobStatus(String name, String kind, UUID migrationId, String vmId, JobPhase phase, String reason,
                        boolean permanent) {

    /** A status that says nothing about permanence (running, succeeded, or a failure that may pass). */
    public JobStatus(String name, String kind, UUID migrationId, String vmId, JobPhase phase, String reason) {
        this(name, kind, migrationId, vmId, phase, reason, false);
    }
}
