package io.traverse.events;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The events of the flow: the CloudEvents {@code type} of each, its payload record and its topic. */
public enum EventType {

    MIGRATION_REQUESTED("migration.requested", MigrationRequested.class, Topics.MIGRATION_REQUESTED),
    VM_DISCOVERED("vm.discovered", VmDiscovered.class, Topics.VM_DISCOVERED),
    VM_SIZED("vm.sized", VmSized.class, Topics.VM_SIZED),
    VM_MAPPED("vm.mapped", VmMapped.class, Topics.VM_MAPPED),
    DISK_SYNC_REQUESTED("disk.sync.requested", DiskSyncRequested.class, Topics.DISK_SYNC_REQUESTED),
    DISK_PROGRESS("disk.progress", DiskProgress.class, Topics.DISK_PROGRESS),
    DISK_SYNCED("disk.synced", DiskSynced.class, Topics.DISK_SYNCED),
    VM_CONVERTED("vm.converted", VmConverted.class, Topics.VM_CONVERTED),
    INSTANCE_ACTIVE("instance.active", InstanceActive.class, Topics.INSTANCE_ACTIVE),
    MIGRATION_FAILED("migration.failed", MigrationFailed.class, Topics.MIGRATION_FAILED),
    MIGRATION_CANCELLED("migration.cancelled", MigrationCancelled.class, Topics.MIGRATION_CANCELLED),
    INVENTORY_CHANGED("inventory.changed", InventoryChanged.class, Topics.INVENTORY_CHANGED);

    private static final Map<String, EventType> BY_TYPE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));

    private final String type;
    private final Class<? extends MigrationEvent> payloadClass;
    private final String topic;

    EventType(String type, Class<? extends MigrationEvent> payloadClass, String topic) {
        this.type = type;
        this.payloadClass = payloadClass;
        this.topic = topic;
    }

    /** The event name as in the flow and in the envelope's {@code type}, e.g. {@code vm.discovered}. */
    public String type() {
        return type;
    }

    /** The record of the envelope's {@code data}. */
    public Class<? extends MigrationEvent> payloadClass() {
        return payloadClass;
    }

    /** The Kafka topic, one of {@link Topics#ALL}. */
    public String topic() {
        return topic;
    }

    /** True for events about one migration, whose envelope needs a migration id. */
    public boolean perMigration() {
        return this != INVENTORY_CHANGED;
    }

    /**
     * The event type named {@code type}.
     *
     * @throws MalformedEventException naming the unknown type and the known ones
     */
    public static EventType fromType(String type) {
        if (type == null || type.isBlank()) {
            throw new MalformedEventException("event type is missing; known types: " + BY_TYPE.keySet().stream().sorted().toList());
        }
        EventType found = BY_TYPE.get(type);
        if (found == null) {
            throw new MalformedEventException("unknown event type '" + type + "'; known types: "
                    + BY_TYPE.keySet().stream().sorted().toList());
        }
        return found;
    }

    /** The event type of a payload. */
    public static EventType of(MigrationEvent event) {
        return switch (event) {
            case MigrationRequested e -> MIGRATION_REQUESTED;
            case VmDiscovered e -> VM_DISCOVERED;
            case VmSized e -> VM_SIZED;
            case VmMapped e -> VM_MAPPED;
            case DiskSyncRequested e -> DISK_SYNC_REQUESTED;
            case DiskProgress e -> DISK_PROGRESS;
            case DiskSynced e -> DISK_SYNCED;
            case VmConverted e -> VM_CONVERTED;
            case InstanceActive e -> INSTANCE_ACTIVE;
            case MigrationFailed e -> MIGRATION_FAILED;
            case MigrationCancelled e -> MIGRATION_CANCELLED;
            case InventoryChanged e -> INVENTORY_CHANGED;
        };
    }
}
