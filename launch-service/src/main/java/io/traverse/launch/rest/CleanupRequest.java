package io.traverse.launch.rest;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of a cleanup request; both fields optional.
 *
 * @param reason     why, for the log and the record
 * @param sourceVmId the source VM to power back on when launch-service never saw the migration (e.g. vm-42)
 */
public record CleanupRequest(@Size(max = 500) String reason,
                             @Pattern(regexp = "vm-\\d+", message = "must be a VM id like vm-42") String sourceVmId) {
}
