package io.traverse.flavor.flavor;

import io.traverse.events.TargetFlavor;

import java.util.Map;

/**
 * A Nova flavor as flavor-service sees it.
 *
 * @param id          Nova flavor id
 * @param name        flavor name
 * @param vcpus       vCPUs
 * @param ramMb       RAM in MiB
 * @param diskGb      root disk in GiB; 0 = boot from volume
 * @param ephemeralGb ephemeral disk in GiB
 * @param swapMb      swap in MiB
 * @param isPublic    public, or private with access for our project
 * @param extraSpecs  extra specs (e.g. {@code hw:firmware_type}); empty when unknown
 */
public record NovaFlavor(String id, String name, int vcpus, int ramMb, int diskGb, int ephemeralGb, int swapMb,
                         boolean isPublic, Map<String, String> extraSpecs) {

    public NovaFlavor {
        extraSpecs = extraSpecs == null ? Map.of() : Map.copyOf(extraSpecs);
    }

    /** Boot-from-volume flavor: no local root disk, the instance boots from a Cinder volume. */
    public boolean bootFromVolume() {
        return diskGb == 0;
    }

    public TargetFlavor toTarget(boolean autoCreated) {
        return new TargetFlavor(id, name, vcpus, ramMb, diskGb, autoCreated);
    }

    /** e.g. {@code m2.2 (2 vCPU, 2048 MB, disk 0 GB)}. */
    public String describe() {
        return name + " (" + vcpus + " vCPU, " + ramMb + " MB, disk " + diskGb + " GB)";
    }
}
