package io.traverse.migration.preflight.rules;

import io.traverse.migration.inventory.InventoryVm;
import io.traverse.migration.preflight.Finding;
import io.traverse.migration.preflight.PreflightContext;
import io.traverse.migration.preflight.PreflightRule;
import io.traverse.migration.preflight.Severity;
import io.traverse.migration.preflight.TargetCloud;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole wave must fit the target at once — cores, RAM, volumes, gigabytes, ports and free fixed IPs against
 * what is left of quota and capacity — rather than failing VM by VM at launch. Needs are estimated from the
 * source (a flavor has at least the source's vCPUs and RAM; one volume per disk; one port and one IP per kept NIC).
 */
@ApplicationScoped
public class WaveCapacityRule implements PreflightRule {

    /** What a wave needs. */
    public record Needs(long cores, long ramMb, long volumes, long gigabytes, long ports, long fixedIps) {
    }

    @Override
    public String id() {
        return "wave-capacity";
    }

    @Override
    public List<Finding> check(PreflightContext ctx) {
        List<Finding> out = new ArrayList<>();
        var headroom = ctx.target().headroom();
        if (headroom.isEmpty()) {
            out.add(new Finding(id(), Severity.ADVISORY, null, null, "The OpenStack target could not be asked; "
                    + "quota and capacity for the wave were not checked."));
            return out;
        }
        Needs n = needs(ctx);
        TargetCloud.Headroom h = headroom.get();
        check(out, "vCPU cores", n.cores(), h.cores());
        check(out, "MiB of RAM", n.ramMb(), h.ramMb());
        check(out, "volumes", n.volumes(), h.volumes());
        check(out, "GiB of volume storage", n.gigabytes(), h.gigabytes());
        check(out, "ports", n.ports(), h.ports());
        check(out, "free fixed IPs", n.fixedIps(), h.freeFixedIps());
        return out;
    }

    static Needs needs(PreflightContext ctx) {
        long cores = 0, ram = 0, volumes = 0, gb = 0, ports = 0;
        for (var c : ctx.vms()) {
            InventoryVm vm = ctx.vm(c).orElse(null);
            if (vm == null) {
                continue;
            }
            cores += vm.vcpus();
            ram += vm.memoryMb();
            volumes += vm.disks().size();
            gb += vm.disks().stream().mapToLong(d -> (d.capacityBytes() + (1L << 30) - 1) >> 30).sum();
            ports += vm.nics().stream().filter(nic -> !c.dropNics().contains(nic.macAddress())).count();
        }
        return new Needs(cores, ram, volumes, gb, ports, ports);
    }

    private void check(List<Finding> out, String what, long need, long free) {
        if (need > free) {
            out.add(new Finding(id(), Severity.CRITICAL, null, null, "The wave needs " + need + " " + what
                    + " but the target has " + free + " left; split the wave or raise the quota."));
        }
    }
}
