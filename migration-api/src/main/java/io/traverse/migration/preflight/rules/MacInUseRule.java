package io.traverse.migration.preflight.rules;

import io.traverse.migration.preflight.Finding;
import io.traverse.migration.preflight.PreflightContext;
import io.traverse.migration.preflight.PreflightRule;
import io.traverse.migration.preflight.Severity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A source MAC that a Neutron port already has cannot be preserved: the port creation would fail. */
@ApplicationScoped
public class MacInUseRule implements PreflightRule {

    @Override
    public String id() {
        return "mac-in-use";
    }

    @Override
    public List<Finding> check(PreflightContext ctx) {
        List<Finding> out = new ArrayList<>();
        var macs = ctx.target().portMacs();
        if (macs.isEmpty()) {
            out.add(new Finding(id(), Severity.ADVISORY, null, null,
                    "The OpenStack target could not be asked; MAC addresses already in use in Neutron were not checked."));
            return out;
        }
        for (var c : ctx.vms()) {
            ctx.vm(c).ifPresent(vm -> vm.nics().stream()
                    .filter(n -> !c.dropNics().contains(n.macAddress()))
                    .filter(n -> n.macAddress() != null && macs.get().contains(n.macAddress().toLowerCase(Locale.ROOT)))
                    .forEach(n -> out.add(new Finding(id(), Severity.CRITICAL, c.vmId(), c.vmName(), "MAC "
                            + n.macAddress() + " of " + c.vmName() + " is already used by a Neutron port; "
                            + "free it or drop the NIC."))));
        }
        return out;
    }
}
