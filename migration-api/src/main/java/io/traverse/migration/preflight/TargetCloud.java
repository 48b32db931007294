package io.traverse.migration.preflight;

import java.util.Optional;
import java.util.Set;

/**
 * What preflight and mapping validation need to know about the OpenStack target. Every answer is optional: empty
 * means "cannot tell" (no target configured or reachable), and the rules that need it report that they could not
 * check, as an Advisory, instead of guessing.
 */
public interface TargetCloud {

    /** Availability zone names. */
    Optional<Set<String>> availabilityZones();

    /** Cinder volume type names. */
    Optional<Set<String>> volumeTypes();

    /** Neutron network names. */
    Optional<Set<String>> networks();

    /** Names of existing Nova servers. */
    Optional<Set<String>> serverNames();

    /** MAC addresses of existing Neutron ports. */
    Optional<Set<String>> portMacs();

    /** Flavor extra specs by flavor name, e.g. {@code hw:firmware_type}; empty when unknown. */
    Optional<java.util.Map<String, java.util.Map<String, String>>> flavorExtraSpecs();

    /** What is left of the project's quota and the cloud's capacity, whichever is smaller. */
    Optional<Headroom> headroom();

    /**
     * Free amounts of each resource a wave consumes ({@link Long#MAX_VALUE}: unlimited). {@code freeFixedIps} is the
     * sum over the project's own networks; {@code freeFixedIpsByNetwork} has each network by name (what its subnets'
     * allocation pools have left).
     */
    record Headroom(long instances, long cores, long ramMb, long volumes, long gigabytes, long ports,
                    long freeFixedIps, java.util.Map<String, Long> freeFixedIpsByNetwork) {

        public Headroom {
            freeFixedIpsByNetwork = freeFixedIpsByNetwork == null ? java.util.Map.of() : java.util.Map.copyOf(freeFixedIpsByNetwork);
        }
    }
}
