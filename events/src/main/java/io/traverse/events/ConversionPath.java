package io.traverse.events;

/** How the guest was made bootable on KVM. */
public enum ConversionPath {
    /** virt-v2v in place: virtio drivers injected, bootloader and device names fixed (Windows, older Linux). */
    FULL_V2V,
    /** Minimal fix-up for a guest that already has virtio modules; no full virt-v2v pass. */
    LIGHT,
    /** Nothing had to change (for example the volumes were already marked converted by an earlier run). */
    NONE
}
