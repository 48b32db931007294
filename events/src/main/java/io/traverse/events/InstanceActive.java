package io.traverse.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * launch-service booted the instance from the converted volumes, it reached ACTIVE and got its addresses: the VM is
 * migrated.
 *
 * @param instanceId   Nova server id
 * @param instanceName Nova server name
 * @param flavorName   flavor the server runs with
 * @param host         compute host, or null when the API did not say (non-admin credentials)
 * @param ipAddresses  fixed (and floating) IP addresses of the server
 * @param portIds      Neutron ports attached to the server
 */
public record InstanceActive(
        @NotBlank String instanceId,
        @NotBlank String instanceName,
        @NotBlank String flavorName,
        String host,
        @NotNull List<@NotBlank String> ipAddresses,
        @NotNull List<@NotBlank String> portIds) implements MigrationEvent {

    public InstanceActive {
        ipAddresses = Copies.list(ipAddresses);
        portIds = Copies.list(portIds);
    }
}
