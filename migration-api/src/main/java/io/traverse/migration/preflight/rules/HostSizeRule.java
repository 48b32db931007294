package io.traverse.migration.preflight.rules;

import io.traverse.migration.preflight.Finding;
import io.traverse.migration.preflight.PreflightContext;
import io.traverse.migration.preflight.PreflightRule;
import io.traverse.migration.preflight.Severity;
import io.traverse.migration.preflight.TargetCloud;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An instance runs on one compute host, so a VM with more vCPUs or RAM than any single host can give one instance
 * (Placement's {@code max_unit}) can never be launched, however much the cloud has in total: Critical, naming the
 * largest host. Reading the hosts needs the admin identity; without it this is an Advisory "not checked".
 */
@ApplicationScoped
public class HostSizeRule implements PreflightRule {

    @Override
    public String id() {
        return "host-size";
    }

    @Override
    public List<Finding> check(PreflightContext ctx) {
        List<Finding> out = new ArrayList<>();
        var hosts = ctx.target().computeHosts();
        if (hosts.isEmpty()) {
            out.add(new Finding(id(), Severity.ADVISORY, null, null, "The size of the compute hosts was not checked: "
                    + "reading Placement needs the admin identity (traverse.openstack.admin.*), so a VM larger than any "
                    + "host would only fail at launch."));
            return out;
        }
        if (hosts.get().isEmpty()) {
            out.add(new Finding(id(), Severity.CRITICAL, null, null, "The target has no compute host (Placement lists "
                    + "none with vCPUs and RAM); no instance can be launched."));
            return out;
        }
        TargetCloud.ComputeHost largest = hosts.get().stream()
                .max(Comparator.comparingLong(TargetCloud.ComputeHost::maxVcpus)
                        .thenComparingLong(TargetCloud.ComputeHost::maxRamMb)).orElseThrow();
        TargetCloud.ComputeHost mostRam = hosts.get().stream()
                .max(Comparator.comparingLong(TargetCloud.ComputeHost::maxRamMb)).orElseThrow();
        for (var c : ctx.vms()) {
            ctx.vm(c).ifPresent(vm -> {
                boolean fits = hosts.get().stream()
                        .anyMatch(h -> vm.vcpus() <= h.maxVcpus() && vm.memoryMb() <= h.maxRamMb());
                if (!fits) {
                    out.add(new Finding(id(), Severity.CRITICAL, c.vmId(), c.vmName(), c.vmName() + " has " + vm.vcpus()
                            + " vCPUs and " + vm.memoryMb() + " MiB of RAM, more than any compute host can give one "
                            + "instance (the largest: " + describe(largest) + (mostRam == largest ? "" : "; most RAM: "
                            + describe(mostRam)) + "); shrink the VM before migrating it or add a larger host."));
                }
            });
        }
        return out;
    }

    private static String describe(TargetCloud.ComputeHost h) {
        return h.name() + " with " + h.maxVcpus() + " vCPUs and " + h.maxRamMb() + " MiB";
    }
}
