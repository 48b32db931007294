package io.traverse.migration.preflight.rules;

import io.traverse.events.MigrationMode;
import io.traverse.events.PowerState;
import io.traverse.migration.preflight.Finding;
import io.traverse.migration.preflight.PreflightContext;
import io.traverse.migration.preflight.PreflightRule;
import io.traverse.migration.preflight.Severity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** A warm migration pre-copies while the VM runs, so the VM must be powered on. */
@ApplicationScoped
public class PowerStateRule implements PreflightRule {

    @Override
    public String id() {
        return "power-state";
    }

    @Override
    public List<Finding> check(PreflightContext ctx) {
        List<Finding> out = new ArrayList<>();
        if (ctx.mode() != MigrationMode.WARM) {
            return out;
        }
        for (var c : ctx.vms()) {
            ctx.vm(c).filter(vm -> vm.powerState() != null && vm.powerState() != PowerState.POWERED_ON)
                    .ifPresent(vm -> out.add(new Finding(id(), Severity.CRITICAL, c.vmId(), c.vmName(),
                            c.vmName() + " is " + vm.powerState() + "; a warm migration needs it powered on "
                                    + "(migrate it cold, or power it on).")));
        }
        return out;
    }
}
