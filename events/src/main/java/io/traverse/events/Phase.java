package io.traverse.events;

/** The phase of a VM's migration, as named in {@link MigrationFailed}. */
public enum Phase {
    /** discovery-service reading the VM from vCenter. */
    DISCOVERY,
    /** flavor-service choosing or creating a flavor. */
    SIZING,
    /** network-mapper mapping port groups and creating ports. */
    MAPPING,
    /** disk-transfer-worker copying disks (any round). */
    DISK_SYNC,
    /** conversion-worker converting the guest. */
    CONVERSION,
    /** launch-service booting and verifying the instance. */
    LAUNCH,
    /** migration-api itself: admission, scheduling, timeouts, a Job that vanished. */
    ORCHESTRATION
}
