package io.traverse.migration.preflight.rules;

import io.traverse.migration.preflight.Finding;
import io.traverse.migration.preflight.PreflightContext;
import io.traverse.migration.preflight.PreflightRule;
import io.traverse.migration.preflight.Severity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Devices that do not come along: PCI passthrough (critical), USB and a virtual TPM (warnings). */
@ApplicationScoped
public class DevicesRule implements PreflightRule {

    @Override
    public String id() {
        return "devices";
    }

    @Override
    public List<Finding> check(PreflightContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (var c : ctx.vms()) {
            ctx.vm(c).filter(vm -> vm.devices() != null).ifPresent(vm -> vm.devices().forEach(device -> {
                switch (device.toUpperCase()) {
                    case "PCI_PASSTHROUGH" -> out.add(new Finding(id(), Severity.CRITICAL, c.vmId(), c.vmName(),
                            c.vmName() + " uses a PCI passthrough device; it has no equivalent on the target. Remove it first."));
                    case "USB" -> out.add(new Finding(id(), Severity.WARNING, c.vmId(), c.vmName(),
                            c.vmName() + " has a USB device attached; it is not migrated."));
                    case "VTPM" -> out.add(new Finding(id(), Severity.WARNING, c.vmId(), c.vmName(), c.vmName()
                            + " has a virtual TPM; its keys stay behind (BitLocker or LUKS bound to it will ask for recovery keys)."));
                    default -> { }
                }
            }));
        }
        return out;
    }
}
