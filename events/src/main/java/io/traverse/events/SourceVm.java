package io.traverse.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.util.List;

/**
 * The source VM as vCenter described it when discovery-service read it for this migration.
 *
 * @param id         managed object id, e.g. {@code vm-42}
 * @param name       VM name
 * @param uuid       vSphere instance UUID ({@code config.instanceUuid})
 * @param vcpus      number of virtual CPUs
 * @param memoryMb   memory in MiB
 * @param guestId    vSphere guest OS id, e.g. {@code rhel9_64Guest}, {@code windows2019srv_64Guest}, {@code otherGuest}
 * @param firmware   BIOS or EFI
 * @param powerState power state at discovery
 * @param cluster    cluster name, or null for a standalone host
 * @param host       ESXi host name the VM runs on
 * @param datacenter datacenter name
 * @param cbtEnabled true when Changed Block Tracking is enabled (required for warm migration)
 * @param disks      virtual disks, in boot order (the first one is the boot disk)
 * @param nics       network adapters
 */
public record SourceVm(
        @NotBlank @Pattern(regexp = "vm-\\d+") String id,
        @NotBlank String name,
        @NotBlank String uuid,
        @Positive int vcpus,
        @Positive long memoryMb,
        @NotBlank String guestId,
        @NotNull Firmware firmware,
        @NotNull PowerState powerState,
        String cluster,
        @NotBlank String host,
        @NotBlank String datacenter,
        boolean cbtEnabled,
        @NotNull List<@Valid SourceDisk> disks,
        @NotNull List<@Valid SourceNic> nics) {

    public SourceVm {
        disks = Copies.list(disks);
        nics = Copies.list(nics);
    }
}
