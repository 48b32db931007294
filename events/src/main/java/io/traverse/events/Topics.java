package io.traverse.events;

import java.util.List;

/**
 * The Kafka topic names: the only place they are spelled. One topic per event type, each prefixed {@code traverse.}.
 *
 * <p>The record key is the migration id ({@link EventEnvelope#key()}), so all events of one VM's migration land on
 * one partition of each topic and stay in order there. Topics are not ordered against each other, which is why later
 * events carry forward what their consumers need.
 *
 * <p>Services can use these constants as channel names ({@code @Incoming(Topics.VM_DISCOVERED)}): SmallRye's Kafka
 * connector uses the channel name as the topic when no {@code topic} attribute is configured.
 */
public final class Topics {

    /** {@link MigrationRequested}. */
    public static final String MIGRATION_REQUESTED = "traverse.migration.requested";
    /** {@link VmDiscovered}. */
    public static final String VM_DISCOVERED = "traverse.vm.discovered";
    /** {@link VmSized}. */
    public static final String VM_SIZED = "traverse.vm.sized";
    /** {@link VmMapped}. */
    public static final String VM_MAPPED = "traverse.vm.mapped";
    /** {@link DiskSyncRequested}. */
    public static final String DISK_SYNC_REQUESTED = "traverse.disk.sync.requested";
    /** {@link DiskProgress}. */
    public static final String DISK_PROGRESS = "traverse.disk.progress";
    /** {@link DiskSynced}. */
    public static final String DISK_SYNCED = "traverse.disk.synced";
    /** {@link VmConverted}. */
    public static final String VM_CONVERTED = "traverse.vm.converted";
    /** {@link InstanceActive}. */
    public static final String INSTANCE_ACTIVE = "traverse.instance.active";
    /** {@link MigrationFailed}. */
    public static final String MIGRATION_FAILED = "traverse.migration.failed";
    /** {@link MigrationCancelled}. */
    public static final String MIGRATION_CANCELLED = "traverse.migration.cancelled";
    /** {@link InventoryChanged}. */
    public static final String INVENTORY_CHANGED = "traverse.inventory.changed";

    /** Every topic, in flow order. */
    public static final List<String> ALL = List.of(
            MIGRATION_REQUESTED, VM_DISCOVERED, VM_SIZED, VM_MAPPED, DISK_SYNC_REQUESTED, DISK_PROGRESS, DISK_SYNCED,
            VM_CONVERTED, INSTANCE_ACTIVE, MIGRATION_FAILED, MIGRATION_CANCELLED, INVENTORY_CHANGED);

    /**
     * Partitions of the per-migration topics. Six lets 1, 2, 3 or 6 replicas of a consumer share the load evenly,
     * which is far more than the concurrency the target cloud allows (a handful of migrations at a time). It is fixed
     * once: adding partitions later moves keys to other partitions and breaks per-migration ordering in flight.
     */
    static final int MIGRATION_TOPIC_PARTITIONS = 6;

    /**
     * Partitions of {@link #INVENTORY_CHANGED}: one, because it has a single producer per vCenter, little traffic, and
     * consumers want the changes in the order the inventory saw them.
     */
    static final int INVENTORY_TOPIC_PARTITIONS = 1;

    private Topics() {
    }

    /**
     * How many partitions the topic is created with (the testbed and the Helm chart create topics from this).
     *
     * @throws IllegalArgumentException for a name that is not one of {@link #ALL}
     */
    public static int partitions(String topic) {
        if (INVENTORY_CHANGED.equals(topic)) {
            return INVENTORY_TOPIC_PARTITIONS;
        }
        if (ALL.contains(topic)) {
            return MIGRATION_TOPIC_PARTITIONS;
        }
        throw new IllegalArgumentException("not a Traverse topic: '" + topic + "'; known topics: " + ALL);
    }
}
