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
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole wave must fit the target at once — instances, cores, RAM, ports and free fixed IPs against what is left
 * of the quota (and, with an admin identity, of the cloud's compute capacity) — rather than failing VM by VM at
 * launch: a wave that does not fit is Critical. Needs are estimated from the source (a flavor has at least the
 * source's vCPUs and RAM; one port and one IP per kept NIC, on the network the mapping sends its port group to).
 * Volumes and their GiB are {@link StorageCapacityRule}'s.
 */
@ApplicationScoped
public class WaveCapacityRule implements PreflightRule {

    /** What a wave needs; {@code fixedIpsByNetwork} by target network name (empty without a mapping). */
    public record Needs(long instances, long cores, long ramMb, long ports, long fixedIps,
                        Map<String, Long> fixedIpsByNetwork) {
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
        check(out, "instances", n.instances(), h.instances());
        check(out, "vCPU cores", n.cores(), h.cores());
        check(out, "MiB of RAM", n.ramMb(), h.ramMb());
        check(out, "ports", n.ports(), h.ports());
        if (n.fixedIpsByNetwork().isEmpty()) {
            check(out, "free fixed IPs", n.fixedIps(), h.freeFixedIps());
        }
        n.fixedIpsByNetwork().forEach((network, need) -> {
            Long free = h.freeFixedIpsByNetwork().get(network);
            if (free != null) {
                check(out, "free fixed IPs on network " + network, need, free);
            }
        });
        return out;
    }

    static Needs needs(PreflightContext ctx) {
        long instances = 0, cores = 0, ram = 0, ports = 0;
        Map<String, Long> byNetwork = new TreeMap<>();
        for (var c : ctx.vms()) {
            InventoryVm vm = ctx.vm(c).orElse(null);
            if (vm == null) {
                continue;
            }
            instances++;
            cores += vm.vcpus();
            ram += vm.memoryMb();
            for (InventoryVm.Nic nic : vm.nics()) {
                if (c.dropNics().contains(nic.macAddress())) {
                    continue;
                }
                ports++;
                ctx.mapping().flatMap(m -> m.targetOfNetwork(nic.networkName()).or(() -> m.targetOfNetwork(nic.portGroup())))
                        .ifPresent(network -> byNetwork.merge(network, 1L, Long::sum));
            }
        }
        return new Needs(instances, cores, ram, ports, ports, byNetwork);
    }

    private void check(List<Finding> out, String what, long need, long free) {
        if (need > free) {
            out.add(new Finding(id(), Severity.CRITICAL, null, null, "The wave needs " + need + " " + what
                    + " but the target has " + free + " left; split the wave or raise the quota."));
        }
    }
}
