package io.traverse.events;

import jakarta.validation.constraints.Positive;

/**
 * migration-api asks for another sync round of a warm migration (a pre-copy delta), or for the cutover. The first
 * round is not requested this way: {@code vm.mapped} starts it. disk-transfer-worker knows the disks and volumes from
 * that first round (its checkpoints, mirrored in Cinder volume metadata).
 *
 * @param round   round number; round 1 was started by {@code vm.mapped}, so this is 2 or more
 * @param cutover true for the final round: power off (or quiesce) the source, copy the last delta, then convert
 * @param cbtSync true to copy only the blocks changed since the stored change id; false for a full copy, which
 *                fails when the target volume already exists
 */
public record DiskSyncRequested(
        @Positive int round,
        boolean cutover,
        boolean cbtSync) implements MigrationEvent {
}
