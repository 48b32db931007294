package io.traverse.conversion.guest;

import io.traverse.events.ConversionPath;

import java.util.List;

/**
 * What will be done to a guest and why.
 *
 * @param path   FULL_V2V, LIGHT or NONE
 * @param reason for the timeline, e.g. "Debian GNU/Linux 12 (bookworm) has no virtio block driver in its initramfs"
 * @param fixes  LIGHT: the entries the light path will change (empty when none needs it)
 */
public record ConversionPlan(ConversionPath path, String reason, List<String> fixes) {

    public ConversionPlan {
        fixes = List.copyOf(fixes);
    }

    /**
     * The decision. Windows always goes through virt-v2v (drivers, first-boot scripts). Linux goes through virt-v2v
     * unless its default kernel's initramfs can already reach a virtio disk; then only device names that change on
     * KVM are fixed (the light path). Disks without an operating system are left as they are.
     *
     * @throws UnsupportedGuestException for a guest no path can convert (several OSes, an OS virt-v2v does not support)
     */
    public static ConversionPlan decide(GuestInspection g) {
        if (!g.hasOs()) {
            return new ConversionPlan(ConversionPath.NONE, "no operating system on the disks (data disks only)", List.of());
        }
        if (g.roots().size() > 1) {
            throw new UnsupportedGuestException("the disks hold " + g.roots().size() + " operating systems (" + String.join(", ",
                    g.roots()) + "); Traverse converts one per VM");
        }
        if (g.isWindows()) {
            return new ConversionPlan(ConversionPath.FULL_V2V, g.describe() + " needs virtio drivers and first-boot scripts", List.of());
        }
        if (!g.isLinux()) {
            throw new UnsupportedGuestException(g.describe() + " (" + g.type() + ") cannot be converted: virt-v2v converts Linux and Windows guests");
        }
        if (g.kernel() == null) {
            return new ConversionPlan(ConversionPath.FULL_V2V, g.describe() + ": no kernel found to check for virtio drivers", List.of());
        }
        if (!g.virtioBlockInInitrd()) {
            return new ConversionPlan(ConversionPath.FULL_V2V,
                    g.describe() + " has no virtio block driver in the initramfs of " + g.kernel(), List.of());
        }
        if (!g.virtioNetAvailable()) {
            return new ConversionPlan(ConversionPath.FULL_V2V, g.describe() + " kernel " + g.kernel() + " has no virtio_net", List.of());
        }
        List<String> fixes = g.kernelNameDevices().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> e.getKey() + ": " + String.join(", ", e.getValue()) + " by UUID").toList();
        String reason = g.describe() + " already has virtio in the initramfs of " + g.kernel()
                + (g.vmwareTools() ? "; VMware Tools left installed (idle on KVM)" : "");
        return new ConversionPlan(ConversionPath.LIGHT, reason, fixes);
    }
}
