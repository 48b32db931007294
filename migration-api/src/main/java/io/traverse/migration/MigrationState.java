package io.traverse.migration;

import io.traverse.events.EventType;

import java.util.Optional;

/**
 * Where one VM's migration stands, in pipeline order. Events can arrive late or twice, so a migration only ever
 * moves forward, and FAILED / CANCELLED / MIGRATED are final.
 */
public enum MigrationState {
    REQUESTED, DISCOVERED, SIZED, MAPPED, SYNCING, SYNCED, CONVERTED, MIGRATED, FAILED, CANCELLED;

    /** The state an event of this type puts a migration in; empty for events that do not change it. */
    public static Optional<MigrationState> reachedBy(EventType type) {
        return Optional.ofNullable(switch (type) {
            case MIGRATION_REQUESTED -> REQUESTED;
            case VM_DISCOVERED -> DISCOVERED;
            case VM_SIZED -> SIZED;
            case VM_MAPPED -> MAPPED;
            case DISK_SYNC_REQUESTED, DISK_PROGRESS -> SYNCING;
            case DISK_SYNCED -> SYNCED;
            case VM_CONVERTED -> CONVERTED;
            case INSTANCE_ACTIVE -> MIGRATED;
            case MIGRATION_FAILED -> FAILED;
            case MIGRATION_CANCELLED -> CANCELLED;
            case INVENTORY_CHANGED -> null;
        });
    }

    public boolean isFinal() {
        return this == MIGRATED || this == FAILED || this == CANCELLED;
    }

    /** Whether a migration in this state may move to {@code next}. */
    public boolean canMoveTo(MigrationState next) {
        if (isFinal()) {
            return false;
        }
        return next.isFinal() || next.ordinal() >= ordinal();
    }
}
