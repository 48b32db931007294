package io.traverse.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * conversion-worker made the guest bootable on KVM and marked the volumes {@code converted}; launch-service boots it.
 *
 * @param path        full virt-v2v, light fix-up, or nothing needed
 * @param tool        the tool that ran, e.g. {@code virt-v2v-in-place}; null when the path is NONE
 * @param toolVersion version of that tool, e.g. {@code 2.6.0}; null when the path is NONE
 * @param reason      why this path was taken, e.g. {@code Windows guest needs virtio drivers}
 * @param volumeIds   Cinder volumes of the instance, boot volume first
 * @param mapping     the {@code vm.mapped} payload this migration runs on, carried forward for launch
 */
public record VmConverted(
        @NotNull ConversionPath path,
        String tool,
        String toolVersion,
        @NotBlank String reason,
        @NotNull List<@NotBlank String> volumeIds,
        @NotNull @Valid VmMapped mapping) implements MigrationEvent {

    public VmConverted {
        volumeIds = Copies.list(volumeIds);
    }
}
