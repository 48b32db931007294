package io.traverse.conversion.guest;

import java.util.List;
import java.util.Map;

/**
 * What libguestfs inspection found on a VM's disks.
 *
 * @param roots          the operating system roots found (empty: data disks only; more than one: multi-boot)
 * @param type           linux, windows, ... (libguestfs' inspect-get-type); null without an OS
 * @param distro         debian, rhel, ubuntu, windows, ...; null without an OS
 * @param productName    e.g. "Debian GNU/Linux 12 (bookworm)"; null without an OS
 * @param majorVersion   e.g. 12
 * @param minorVersion   e.g. 0
 * @param kernel         Linux: the kernel that boots by default (the newest installed), else null
 * @param virtioBlockInInitrd Linux: virtio_blk or virtio_scsi is in that kernel's initramfs (or built in)
 * @param virtioNetAvailable  Linux: the kernel has virtio_net (module or built in)
 * @param kernelNameDevices   Linux: fstab and bootloader entries that name a disk by kernel name (/dev/sda1, /dev/hdb2),
 *                            which changes on KVM (/dev/vda1): file → devices
 * @param vmwareTools    VMware Tools (open-vm-tools or vmware-tools) are installed
 * @param fstab          Linux: /etc/fstab as found, or null
 */
public record GuestInspection(List<String> roots, String type, String distro, String productName, int majorVersion,
                              int minorVersion, String kernel, boolean virtioBlockInInitrd, boolean virtioNetAvailable,
                              Map<String, List<String>> kernelNameDevices, boolean vmwareTools,
                              String fstab) {

    public GuestInspection {
        roots = List.copyOf(roots);
        kernelNameDevices = Map.copyOf(kernelNameDevices);
    }

    public static GuestInspection noOs() {
        return new GuestInspection(List.of(), null, null, null, 0, 0, null, false, false, Map.of(), false, null);
    }

    public boolean hasOs() {
        return !roots.isEmpty();
    }

    public boolean isLinux() {
        return "linux".equals(type);
    }

    public boolean isWindows() {
        return "windows".equals(type);
    }

    /**
     * A short name for the timeline: the product name ("Windows Server 2019 Standard"), with the distribution in front
     * when it is only a version (libguestfs reports Debian's /etc/debian_version, "12.15"), else distro and version.
     */
    public String describe() {
        String d = distro == null || distro.isBlank() || "unknown".equals(distro) ? type : distro;
        d = d == null ? "unknown" : Character.toUpperCase(d.charAt(0)) + d.substring(1);
        if (productName != null && !productName.isBlank() && !"unknown".equals(productName)) {
            return productName.chars().anyMatch(Character::isLetter) ? productName : d + " " + productName;
        }
        return d + " " + majorVersion + "." + minorVersion;
    }
}
