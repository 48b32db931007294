package io.traverse.migration.preflight.rules;

import io.traverse.migration.preflight.Finding;
import io.traverse.migration.preflight.PreflightContext;
import io.traverse.migration.preflight.PreflightRule;
import io.traverse.migration.preflight.Severity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Existing snapshots slow every copy (reads go through the chain) and are not carried to the target. */
@ApplicationScoped
public class SnapshotsRule implements PreflightRule {

    @Override
    public String id() {
        return "snapshots";
    }

    @Override
    public List<Finding> check(PreflightContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (var c : ctx.vms()) {
            ctx.vm(c).filter(vm -> !vm.snapshots().isEmpty()).ifPresent(vm -> out.add(new Finding(id(),
                    Severity.WARNING, c.vmId(), c.vmName(), c.vmName() + " has " + vm.snapshots().size()
                    + " snapshot(s) (" + String.join(", ", vm.snapshots()) + "); they are not migrated and slow the "
                    + "copy. Consolidate them first if you can.")));
        }
        return out;
    }
}
