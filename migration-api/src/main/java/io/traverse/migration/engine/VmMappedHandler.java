package io.traverse.migration.engine;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;
import io.traverse.events.MigrationMode;
import io.traverse.events.PortMapping;
import io.traverse.events.VmMapped;
import io.traverse.migration.MigrationState;

/**
 * Networks are mapped and disk-transfer-worker starts round 1 on this very event: a full pre-copy while the VM runs
 * (warm), or the one and only copy with the VM off (cold, which is therefore already the cutover).
 */
public final class VmMappedHandler implements PhaseHandler {

    @Override
    public EventType handles() {
        return EventType.VM_MAPPED;
    }

    @Override
    public Outcome handle(MigrationRecord m, EventEnvelope event, EngineContext ctx) {
        VmMapped mapped = (VmMapped) event.data();
        if (m.state.isSettled()) {
            return Outcome.note("late: the migration is already " + m.state);
        }
        if (m.flavorName == null) {
            m.flavorName = mapped.flavor().name();
        }
        boolean cold = m.settings.mode() == MigrationMode.COLD;
        MigrationState next = cold ? MigrationState.CUTTING_OVER : MigrationState.PRECOPYING;
        String detail = cold ? "copying disks with the source powered off (cold)" : "pre-copying disks… round 1 (full copy), VM still running";
        if (m.round == 0) {
            m.startRound(1, cold, ctx.now());
        }
        return m.advanceTo(next, detail, ctx.now())
                ? Outcome.note(portsCreated(mapped))
                : Outcome.note("mapped (arrived after a later phase; state kept)");
    }

    /**
     * The timeline's account of the ports: per NIC its address, whether the MAC (and, when asked, the guest's IP) was
     * kept, and network-mapper's note when something was not kept as the plan asked.
     */
    static String portsCreated(VmMapped mapped) {
        StringBuilder s = new StringBuilder(mapped.ports().size() + " port(s) created in " + mapped.availabilityZone());
        String sep = ": ";
        for (PortMapping p : mapped.ports()) {
            s.append(sep).append(p.sourceMac()).append(" → ").append(p.fixedIp() == null ? "address at boot" : p.fixedIp())
                    .append(p.macPreserved() ? ", MAC kept" : ", new MAC")
                    .append(Boolean.TRUE.equals(p.ipPreserved()) ? ", guest IP kept" : "");
            if (p.note() != null) {
                s.append(" (").append(p.note()).append(')');
            }
            sep = "; ";
        }
        return s.toString();
    }
}
