package io.traverse.events;

/** How a VM is moved. */
public enum MigrationMode {
    /** The source is powered off, its disks are copied once, then it is converted and launched. */
    COLD,
    /** The disks are pre-copied while the source runs (a full copy, then CBT deltas); a cutover does a last delta. */
    WARM
}
