package io.traverse.flavor.flavor;

import io.traverse.events.Firmware;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the flavor for a VM (pure: no I/O). A flavor <b>qualifies</b> when
 * <ol>
 *   <li>its vCPUs &ge; the VM's and its RAM &ge; the VM's, and</li>
 *   <li>its extra specs do not contradict the VM's firmware: an EFI VM never gets a flavor with
 *       {@code hw:firmware_type=bios}; a BIOS VM never gets one with {@code hw:firmware_type=uefi} or
 *       {@code os:secure_boot=required} (Secure Boot needs UEFI), and</li>
 *   <li>it is not marked {@code traverse:migration-target=false} (an operator's way to keep a flavor out).</li>
 * </ol>
 * Among qualifying flavors, "least waste" is this order, first difference wins ({@link #LEAST_WASTE}):
 * <ol>
 *   <li>boot-from-volume (root disk 0) before flavors with a local root disk, when {@code preferBootFromVolume};</li>
 *   <li>less RAM beyond the VM's (MiB);</li>
 *   <li>fewer vCPUs beyond the VM's;</li>
 *   <li>less local disk: root + ephemeral GiB, then swap MiB;</li>
 *   <li>name, alphabetically (so equal flavors always give the same answer).</li>
 * </ol>
 * Since every candidate has at least the VM's RAM and vCPUs, comparing excess is comparing size: the chosen flavor is
 * the smallest qualifying one by RAM, then vCPUs, then disk.
 */
public final class FlavorMatcher {

    /** Extra spec an operator sets to {@code false} to keep a flavor out of automatic matching. */
    public static final String MIGRATION_TARGET_SPEC = "traverse:migration-target";

    private FlavorMatcher() {
    }

    /** The least-waste order; the first element of a sorted candidate list is the choice. */
    public static Comparator<NovaFlavor> leastWaste(boolean preferBootFromVolume) {
        Comparator<NovaFlavor> c = preferBootFromVolume
                ? Comparator.comparing((NovaFlavor f) -> f.bootFromVolume() ? 0 : 1)
                : Comparator.comparing((NovaFlavor f) -> 0);
        return c.thenComparingInt(NovaFlavor::ramMb)
                .thenComparingInt(NovaFlavor::vcpus)
                .thenComparingInt(f -> f.diskGb() + f.ephemeralGb())
                .thenComparingInt(NovaFlavor::swapMb)
                .thenComparing(NovaFlavor::name);
    }

    /** The default order: boot from volume first. */
    public static final Comparator<NovaFlavor> LEAST_WASTE = leastWaste(true);

    /** Every qualifying flavor, best first. */
    public static List<NovaFlavor> candidates(SizingNeeds needs, List<NovaFlavor> flavors, boolean preferBootFromVolume) {
        return flavors.stream().filter(f -> qualifies(needs, f)).sorted(leastWaste(preferBootFromVolume)).toList();
    }

    /** The least-waste qualifying flavor, if any. */
    public static Optional<NovaFlavor> best(SizingNeeds needs, List<NovaFlavor> flavors, boolean preferBootFromVolume) {
        return candidates(needs, flavors, preferBootFromVolume).stream().findFirst();
    }

    public static boolean qualifies(SizingNeeds needs, NovaFlavor f) {
        return f.vcpus() >= needs.vcpus() && f.ramMb() >= needs.ramMb() && firmwareCompatible(needs.firmware(), f)
                && !"false".equalsIgnoreCase(f.extraSpecs().get(MIGRATION_TARGET_SPEC));
    }

    /** False when the flavor's extra specs pin a boot firmware the VM does not use. */
    public static boolean firmwareCompatible(Firmware firmware, NovaFlavor f) {
        String pinned = f.extraSpecs().getOrDefault("hw:firmware_type", "").toLowerCase(Locale.ROOT);
        boolean secureBoot = "required".equalsIgnoreCase(f.extraSpecs().get("os:secure_boot"));
        return switch (firmware) {
            case EFI -> !pinned.equals("bios");
            case BIOS -> !pinned.equals("uefi") && !secureBoot;
        };
    }

    /** The largest flavor there is (RAM, then vCPUs), for telling people what the cloud offers. */
    public static Optional<NovaFlavor> largest(List<NovaFlavor> flavors) {
        return flavors.stream().max(Comparator.comparingInt(NovaFlavor::ramMb).thenComparingInt(NovaFlavor::vcpus)
                .thenComparing(NovaFlavor::name, Comparator.reverseOrder()));
    }

    /** Name of the flavor Traverse creates when nothing fits: {@code traverse-<vcpus>c-<GiB>g}, RAM rounded up to GiB. */
    public static String autoCreatedName(SizingNeeds needs) {
        return "traverse-" + needs.vcpus() + "c-" + autoCreatedRamGb(needs) + "g";
    }

    /** RAM of an auto-created flavor in GiB: the VM's, rounded up to a whole GiB. */
    public static long autoCreatedRamGb(SizingNeeds needs) {
        return Math.max(1, (needs.ramMb() + 1023) / 1024);
    }
}
