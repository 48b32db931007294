package io.traverse.migration.preflight.rules;

import io.traverse.migration.preflight.Finding;
import io.traverse.migration.preflight.PreflightContext;
import io.traverse.migration.preflight.PreflightRule;
import io.traverse.migration.preflight.Severity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Every kept NIC's port group, the VM's cluster and each disk's datastore must be in the plan's mapping: an unmapped
 * network is found now, before anything moves, not mid-flight.
 */
@ApplicationScoped
public class NetworkMappingRule implements PreflightRule {

    @Override
    public String id() {
        return "mapping";
    }

    @Override
    public List<Finding> check(PreflightContext ctx) {
        List<Finding> out = new ArrayList<>();
        if (ctx.mapping().isEmpty()) {
            out.add(new Finding(id(), Severity.WARNING, null, null, "The plan has no infrastructure mapping; "
                    + "network-mapper and launch-service fall back to their defaults."));
            return out;
        }
        var mapping = ctx.mapping().get();
        for (var c : ctx.vms()) {
            ctx.vm(c).ifPresent(vm -> {
                vm.nics().stream()
                        .filter(n -> !c.dropNics().contains(n.macAddress()))
                        .filter(n -> mapping.targetOfNetwork(n.networkName()).isEmpty()
                                && mapping.targetOfNetwork(n.portGroup()).isEmpty())
                        .forEach(n -> out.add(new Finding(id(), Severity.CRITICAL, c.vmId(), c.vmName(), "Port group "
                                + n.networkName() + " of NIC " + n.macAddress() + " has no target network in mapping "
                                + mapping.name() + "; map it or drop the NIC.")));
                if (vm.cluster() != null && mapping.targetOfCluster(vm.cluster()).isEmpty()) {
                    out.add(new Finding(id(), Severity.CRITICAL, c.vmId(), c.vmName(), "Cluster " + vm.cluster()
                            + " has no availability zone in mapping " + mapping.name() + "."));
                }
                vm.disks().stream().map(d -> d.datastore()).distinct()
                        .filter(ds -> ds != null && mapping.targetOfDatastore(ds).isEmpty())
                        .forEach(ds -> out.add(new Finding(id(), Severity.CRITICAL, c.vmId(), c.vmName(),
                                "Datastore " + ds + " has no volume type in mapping " + mapping.name() + ".")));
            });
        }
        return out;
    }
}
