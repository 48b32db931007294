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
 * Disks Traverse cannot copy as they are: raw device mappings (physical: critical, virtual: copied as a plain
 * disk), multi-writer shared disks (critical: the other VMs keep writing), independent disks (no snapshot, so no
 * warm pre-copy: critical in warm mode, a warning in cold).
 */
@ApplicationScoped
public class DiskTypesRule implements PreflightRule {

    @Override
    public String id() {
        return "disk-types";
    }

    @Override
    public List<Finding> check(PreflightContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (var c : ctx.vms()) {
            ctx.vm(c).ifPresent(vm -> vm.disks().forEach(d -> {
                String disk = "disk " + d.fileName();
                if ("physical".equalsIgnoreCase(d.rdm())) {
                    out.add(new Finding(id(), Severity.CRITICAL, c.vmId(), c.vmName(), disk
                            + " is a physical-mode raw device mapping; it cannot be copied. Detach it or move its data first."));
                } else if (d.rdm() != null) {
                    out.add(new Finding(id(), Severity.WARNING, c.vmId(), c.vmName(), disk
                            + " is a virtual-mode raw device mapping; it is copied as a plain volume and loses the LUN link."));
                }
                if ("sharingMultiWriter".equalsIgnoreCase(d.sharing())) {
                    out.add(new Finding(id(), Severity.CRITICAL, c.vmId(), c.vmName(), disk
                            + " is shared (multi-writer) with other VMs; a copy would be inconsistent."));
                }
                if (d.diskMode() != null && d.diskMode().startsWith("independent")) {
                    out.add(new Finding(id(), ctx.mode() == MigrationMode.WARM ? Severity.CRITICAL : Severity.WARNING,
                            c.vmId(), c.vmName(), disk + " is independent (" + d.diskMode() + "): snapshots skip it, "
                            + (ctx.mode() == MigrationMode.WARM ? "so it cannot be pre-copied warm; migrate cold."
                            : "so it is copied only while the VM is off.")));
                }
            }));
        }
        return out;
    }
}
