package io.traverse.migration.preflight.rules;

import io.traverse.migration.preflight.Finding;
import io.traverse.migration.preflight.PreflightContext;
import io.traverse.migration.preflight.PreflightRule;
import io.traverse.migration.preflight.Severity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** The VM must exist in the vCenter inventory and must not be a template. */
@ApplicationScoped
public class VmInInventoryRule implements PreflightRule {

    @Override
    public String id() {
        return "vm-in-inventory";
    }

    @Override
    public List<Finding> check(PreflightContext ctx) {
        List<Finding> out = new ArrayList<>();
        if (ctx.inventory().isEmpty()) {
            out.add(new Finding(id(), Severity.WARNING, null, null, "The vCenter inventory (discovery-service) could not "
                    + "be asked, so the checks of each VM's hardware were not run; discovery reads every VM again when it starts."));
            return out;
        }
        for (var c : ctx.vms()) {
            var vm = ctx.vm(c);
            if (vm.isEmpty()) {
                out.add(new Finding(id(), Severity.CRITICAL, c.vmId(), c.vmName(),
                        "VM " + c.vmName() + " (" + c.vmId() + ") is not in the vCenter inventory any more."));
            } else if (Boolean.TRUE.equals(vm.get().template())) {
                out.add(new Finding(id(), Severity.CRITICAL, c.vmId(), c.vmName(),
                        c.vmName() + " is a template; templates are not migrated."));
            }
        }
        return out;
    }
}
