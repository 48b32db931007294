package io.traverse.network.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.traverse.network.port.MacConflict;

import java.util.Optional;

/** network-mapper's own settings: {@code traverse.network.*} (docs/flavors-and-networks.md). */
@ConfigMapping(prefix = "traverse.network")
public interface NetworkConfig {

    /**
     * Give each port the source NIC's MAC, unless the request says otherwise (the plan's {@code preserveMac}, carried
     * in {@code migration.requested}); false is for re-addressing into a new subnet (Neutron chooses the MAC).
     */
    @WithDefault("true")
    boolean preserveMac();

    /**
     * Give each port the guest's reported IP when the mapped subnet contains it, unless the request says otherwise
     * (the plan's {@code preserveIp}). Off by default: Neutron assigns an address.
     */
    @WithDefault("false")
    boolean preserveIp();

    /** When the source MAC is taken in Neutron or refused: FAIL (migration.failed, a person decides) or NEW_MAC. */
    @WithDefault("FAIL")
    MacConflict macConflict();

    /** Availability zone for a VM whose request has no infrastructure mapping, or whose host is in no cluster. */
    @WithDefault("nova")
    String defaultAvailabilityZone();

    /** Cinder volume type for every disk of a VM whose request has no infrastructure mapping. */
    @WithDefault("__DEFAULT__")
    String defaultVolumeType();

    /**
     * Neutron network (name or id) for every kept NIC of a VM whose request has no infrastructure mapping (a VM
     * started on its own). Unset: such a VM's NICs are unmapped and it fails in phase MAPPING.
     */
    Optional<String> defaultNetwork();
}
