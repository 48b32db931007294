package io.traverse.migration.preflight.rules;

import io.traverse.events.MigrationMode;
import io.traverse.migration.preflight.Finding;
import io.traverse.migration.preflight.PreflightContext;
import io.traverse.migration.preflight.PreflightRule;
import io.traverse.migration.preflight.Severity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Warm mode copies deltas with Changed Block Tracking. CBT off is fine when it can be switched on (no snapshots:
 * enabling it needs a stun/unstun cycle that snapshots block); off with snapshots it cannot be, which is critical.
 */
@ApplicationScoped
public class CbtRule implements PreflightRule {

    @Override
    public String id() {
        return "cbt";
    }

    @Override
    public List<Finding> check(PreflightContext ctx) {
        List<Finding> out = new ArrayList<>();
        if (ctx.mode() != MigrationMode.WARM) {
            return out;
        }
        for (var c : ctx.vms()) {
            ctx.vm(c).ifPresent(vm -> {
                if (vm.cbtEnabled() == null) {
                    out.add(new Finding(id(), Severity.ADVISORY, c.vmId(), c.vmName(),
                            "The inventory does not say whether CBT is on for " + c.vmName() + "."));
                } else if (!vm.cbtEnabled() && !vm.snapshots().isEmpty()) {
                    out.add(new Finding(id(), Severity.CRITICAL, c.vmId(), c.vmName(), "CBT is off on " + c.vmName()
                            + " and cannot be switched on while it has snapshots; delete or consolidate them, or migrate cold."));
                } else if (!vm.cbtEnabled()) {
                    out.add(new Finding(id(), Severity.WARNING, c.vmId(), c.vmName(), "CBT is off on " + c.vmName()
                            + "; Traverse switches it on before the first round (a brief stun of the VM)."));
                }
            });
        }
        return out;
    }
}
