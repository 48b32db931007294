package io.traverse.migration.preflight;

import io.traverse.events.MigrationMode;
import io.traverse.migration.inventory.InventoryVm;
import io.traverse.migration.mapping.InfraMapping;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the rules look at: the VMs of the wave (with the plan's choices for each), the mapping, the inventory as
 * discovery-service knows it (empty when it could not be asked) and the target.
 */
public record PreflightContext(MigrationMode mode, List<Candidate> vms, Optional<InfraMapping> mapping,
                               Optional<Map<String, InventoryVm>> inventory, TargetCloud target) {

    /** One VM of the wave as the plan has it. */
    public record Candidate(String vmId, String vmName, String flavorOverride, List<String> dropNics) {
    }

    /** The inventory's view of the VM, if known. */
    public Optional<InventoryVm> vm(Candidate c) {
        return inventory.map(inv -> inv.get(c.vmId()));
    }

    Finding finding(String rule, Severity s, Candidate c, String message) {
        return new Finding(rule, s, c == null ? null : c.vmId(), c == null ? null : c.vmName(), message);
    }
}
