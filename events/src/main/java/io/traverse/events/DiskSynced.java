package io.traverse.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.List;

/**
 * disk-transfer-worker finished a sync round for every disk of the VM. After a pre-copy round migration-api schedules
 * the next one; after the cutover round conversion-worker converts the guest.
 *
 * @param round   the round that finished
 * @param cutover true when this was the final round (the source is off); conversion follows
 * @param disks   one entry per source disk, in the order of {@code mapping.vm.disks}
 * @param mapping the {@code vm.mapped} payload this migration runs on, carried forward for conversion and launch
 */
public record DiskSynced(
        @Positive int round,
        boolean cutover,
        @NotNull List<@Valid SyncedDisk> disks,
        @NotNull @Valid VmMapped mapping) implements MigrationEvent {

    public DiskSynced {
        disks = Copies.list(disks);
    }
}
