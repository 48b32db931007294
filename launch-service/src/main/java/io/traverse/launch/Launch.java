package io.traverse.launch;

import io.traverse.events.VmConverted;

import java.time.Instant;
import java.util.UUID;

/**
 * One migration's launch, as launch-service keeps it (table {@code launch}).
 *
 * @param migrationId       the migration
 * @param vmId              source VM (vCenter managed object id), for tags and for powering it back on
 * @param vmName            source VM name
 * @param instanceName      the Nova server name ({@link io.traverse.launch.service.InstanceNaming})
 * @param state             where it stands
 * @param request           the vm.converted payload it runs on
 * @param instanceId        the Nova server id once created
 * @param detail            the latest word on it, for a person (waiting reason, failure, ...)
 * @param capacitySignalled whether the WAITING_CAPACITY signal went out for the current wait
 * @param attempts          launches started so far
 * @param receivedAt        when the first vm.converted arrived: the queue order
 */
public record Launch(UUID migrationId, String vmId, String vmName, String instanceName, LaunchState state,
                     VmConverted request, String instanceId, String detail, boolean capacitySignalled, int attempts,
                     Instant receivedAt) {

    /** vCPUs the flavor needs. */
    public int vcpus() {
        return request.mapping().flavor().vcpus();
    }

    /** RAM in MiB the flavor needs. */
    public int ramMb() {
        return request.mapping().flavor().ramMb();
    }
}
