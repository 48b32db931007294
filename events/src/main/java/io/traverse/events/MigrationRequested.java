package io.traverse.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * migration-api accepted one VM of a plan for migration; discovery-service reads it fresh from vCenter. Later events
 * carry this record forward as {@code request}, so every phase sees the operator's choices.
 *
 * @param planId          the plan this VM belongs to
 * @param waveNumber      the wave of the plan (1-based), or null when the VM was started on its own
 * @param vmId            vCenter managed object id of the source VM, e.g. {@code vm-42}
 * @param vmName          source VM name as the operator saw it when requesting
 * @param mode            cold (one copy while off) or warm (pre-copy rounds while running, then cutover)
 * @param precopyInterval warm only: time between pre-copy rounds migration-api schedules; null for cold or default
 * @param flavorOverride  name or id of the flavor the operator forces, or null to let flavor-service choose
 * @param dropNics        MAC addresses of source NICs that get no port on the target (empty: keep all)
 * @param requestedBy     who asked (user name, or {@code wave-scheduler} for automatic starts)
 * @param mappingId       the plan's infrastructure mapping (clusters to availability zones, datastores to volume types,
 *                        port groups to networks), read from migration-api's {@code GET /api/mappings/{id}}; null when
 *                        the VM was started on its own or the plan has none (the phases use their defaults)
 * @param preserveMac     the plan's choice: give each target port the source NIC's MAC (true), or let Neutron choose
 *                        one, for re-addressing into a new subnet (false); null: network-mapper's default (keep it)
 * @param preserveIp      the plan's choice: give each target port the guest's reported IP when the mapped subnet
 *                        contains it (true) or let Neutron assign one (false); null: network-mapper's default (assign)
 */
public record MigrationRequested(
        @NotNull UUID planId,
        @Positive Integer waveNumber,
        @NotBlank @Pattern(regexp = "vm-\\d+") String vmId,
        @NotBlank String vmName,
        @NotNull MigrationMode mode,
        Duration precopyInterval,
        String flavorOverride,
        @NotNull List<@NotBlank String> dropNics,
        @NotBlank String requestedBy,
        UUID mappingId,
        Boolean preserveMac,
        Boolean preserveIp) implements MigrationEvent {

    public MigrationRequested {
        dropNics = Copies.list(dropNics);
    }

    /** A request that leaves MAC and IP preservation to network-mapper's defaults. */
    public MigrationRequested(UUID planId, Integer waveNumber, String vmId, String vmName, MigrationMode mode,
                              Duration precopyInterval, String flavorOverride, List<String> dropNics,
                              String requestedBy, UUID mappingId) {
        this(planId, waveNumber, vmId, vmName, mode, precopyInterval, flavorOverride, dropNics, requestedBy, mappingId,
                null, null);
    }

    /** A request without an infrastructure mapping (a VM started on its own, or a producer that has none). */
    public MigrationRequested(UUID planId, Integer waveNumber, String vmId, String vmName, MigrationMode mode,
                              Duration precopyInterval, String flavorOverride, List<String> dropNics,
                              String requestedBy) {
        this(planId, waveNumber, vmId, vmName, mode, precopyInterval, flavorOverride, dropNics, requestedBy, null,
                null, null);
    }
}
