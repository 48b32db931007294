package io.traverse.launch.rest;

import io.traverse.launch.Launch;
import io.traverse.launch.LaunchState;

import java.time.Instant;
import java.util.UUID;

/** One migration's launch as the REST API shows it. */
public record LaunchView(UUID migrationId, String vmId, String vmName, String instanceName, LaunchState state,
                         String instanceId, String flavor, String availabilityZone, String detail, int attempts,
                         Instant receivedAt) {

    static LaunchView of(Launch l) {
        return new LaunchView(l.migrationId(), l.vmId(), l.vmName(), l.instanceName(), l.state(), l.instanceId(),
                l.request().mapping().flavor().name(), l.request().mapping().availabilityZone(), l.detail(),
                l.attempts(), l.receivedAt());
    }
}
