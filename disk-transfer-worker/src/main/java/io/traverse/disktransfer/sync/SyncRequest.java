package io.traverse.disktransfer.sync;

import io.traverse.events.MigrationMode;
import io.traverse.events.VmMapped;

import java.util.UUID;

/**
 * One sync round of one VM: round 1 comes from {@code vm.mapped}, later rounds from {@code disk.sync.requested}.
 *
 * @param cbtSync copy only what CBT says changed (false: a full copy, refused when a volume already exists)
 * @param cutover the final round: power the source off first; conversion follows the {@code disk.synced}
 */
public record SyncRequest(UUID migrationId, VmMapped mapping, int round, boolean cutover, boolean cbtSync) {

    /** Round 1: cold = one round that is also the cutover; CBT is used whenever the VM has it on (sparse reads). */
    public static SyncRequest firstRound(UUID migrationId, VmMapped mapping) {
        boolean cold = mapping.request().mode() == MigrationMode.COLD;
        return new SyncRequest(migrationId, mapping, 1, cold, mapping.vm().cbtEnabled());
    }
}
