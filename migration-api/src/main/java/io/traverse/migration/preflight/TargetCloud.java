package io.traverse.migration.preflight;

import java.util.List;
import java.util.Map;
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
    Optional<Map<String, Map<String, String>>> flavorExtraSpecs();

    /** What is left of the project's quota and the cloud's capacity, whichever is smaller. */
    Optional<Headroom> headroom();

    /**
     * The compute hosts and the largest instance each can take (Placement's {@code max_unit} of VCPU and MEMORY_MB).
     * Empty when unknown: Placement is admin-only, so without an admin identity this is never known.
     */
    Optional<List<ComputeHost>> computeHosts();

    /**
     * Cinder's backend pools with their free capacity (scheduler-stats) and the backend of each volume type. Empty
     * when unknown: both are admin-only.
     */
    Optional<Storage> storage();

    /**
     * One compute host (a Placement resource provider).
     *
     * @param maxVcpus the most vCPUs one instance may have there ({@code max_unit}; Nova sets the host's CPU count)
     * @param maxRamMb the most RAM one instance may have there
     */
    record ComputeHost(String name, long maxVcpus, long maxRamMb) {
    }

    /**
     * One Cinder backend pool.
     *
     * @param backend its {@code volume_backend_name}
     * @param freeGb  GiB the scheduler would still place there (reserved space and thin-provisioning ratio applied)
     */
    record StoragePool(String name, String backend, long freeGb) {
    }

    /** Cinder's pools, and which backend each volume type is pinned to (types without {@code volume_backend_name} are absent: any pool). */
    record Storage(List<StoragePool> pools, Map<String, String> backendByVolumeType) {

        public Storage {
            pools = List.copyOf(pools);
            backendByVolumeType = Map.copyOf(backendByVolumeType);
        }
    }

    /**
     * Free amounts of each resource a wave consumes ({@link Long#MAX_VALUE}: unlimited). {@code freeFixedIps} is the
     * sum over the project's own networks; {@code freeFixedIpsByNetwork} has each network by name (what its subnets'
     * allocation pools have left).
     */
    record Headroom(long instances, long cores, long ramMb, long volumes, long gigabytes, long ports,
                    long freeFixedIps, Map<String, Long> freeFixedIpsByNetwork) {

        public Headroom {
            freeFixedIpsByNetwork = freeFixedIpsByNetwork == null ? Map.of() : Map.copyOf(freeFixedIpsByNetwork);
        }
    }
}
