package io.traverse.jobs;

import java.util.UUID;

/**
 * @param name        the job's name
 * @param kind        worker kind, e.g. disk-transfer
 * @param migrationId the migration it works for
 * @param vmId        the source VM
 * @param phase       where it is
 * @param reason      for FAILED: why, for a person (e.g. "evicted: The node was low on resource: memory",
 *                    "BackoffLimitExceeded: Job has reached the specified backoff limit", "exit code 3"); else null
 */
public record JobStatus(String name, String kind, UUID migrationId, String vmId, JobPhase phase, String reason) {
}
