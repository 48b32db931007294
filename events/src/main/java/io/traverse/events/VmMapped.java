package io.traverse.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;

/**
 * network-mapper mapped every kept NIC to a Neutron network and created its port; the target is now fully decided.
 * disk-transfer-worker starts the first disk sync (a full copy; for cold migration also the cutover). Later events
 * carry this record forward as {@code mapping}.
 *
 * @param request          the request being served, carried forward
 * @param vm               the source VM, carried forward
 * @param flavor           the chosen flavor, carried forward
 * @param availabilityZone availability zone for the volumes and the instance
 * @param ports            one pre-created port per kept source NIC
 * @param volumeTypes      Cinder volume type per source disk key
 */
public record VmMapped(
        @NotNull @Valid MigrationRequested request,
        @NotNull @Valid SourceVm vm,
        @NotNull @Valid TargetFlavor flavor,
        @NotBlank String availabilityZone,
        @NotNull List<@Valid PortMapping> ports,
        @NotNull Map<Integer, @NotBlank String> volumeTypes) implements MigrationEvent {

    public VmMapped {
        ports = Copies.list(ports);
        volumeTypes = Copies.map(volumeTypes);
    }
}
