package io.traverse.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;

/**
 * disk-transfer-worker finished a sync round for every disk of the VM. After a pre-copy round migration-api schedules
 * the next one; after the cutover round conversion-worker converts the guest.
 *
 * @param round          the round that finished
 * @param cutover        true when this was the final round (the source is off); conversion follows
 * @param disks          one entry per source disk, in the order of {@code mapping.vm.disks}
 * @param mapping        the {@code vm.mapped} payload this migration runs on, carried forward for conversion and launch
 * @param durationMillis how long the round took in the worker, measured from its start (before the snapshot) until
 *                       every disk was settled, so migration-api can predict the cutover round from measured rounds;
 *                       null from producers that did not measure it
 */
public record DiskSynced(
        @Positive int round,
        boolean cutover,
        @NotNull List<@Valid SyncedDisk> disks,
        @NotNull @Valid VmMapped mapping,
        @PositiveOrZero Long durationMillis) implements MigrationEvent {

    public DiskSynced {
        disks = Copies.list(disks);
    }

    /** A round whose duration was not measured (stand-ins and older producers). */
    public DiskSynced(int round, boolean cutover, List<SyncedDisk> disks, VmMapped mapping) {
        this(round, cutover, disks, mapping, null);
    }

    /** Bytes written in this round over all disks. */
    public long totalBytesCopied() {
        return disks.stream().mapToLong(SyncedDisk::bytesCopied).sum();
    }
}
