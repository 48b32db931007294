package io.traverse.discovery.inventory;

import io.traverse.discovery.inventory.rest.Topology;
import io.traverse.discovery.inventory.rest.VmSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Read side of the mirror for the REST API. */
@ApplicationScoped
@Transactional(TxType.SUPPORTS)
public class InventoryQueries {

    private final InventoryStore store;

    public InventoryQueries(InventoryStore store) {
        this.store = store;
    }

    public InventoryStore.VmPage vms(InventoryStore.VmQuery query) {
        return store.vms(query);
    }

    public Optional<InventoryVm> vm(String id) {
        return store.vm(id);
    }

    public InventorySnapshot topologyOnly() {
        return store.topology();
    }

    public Topology topology() {
        InventorySnapshot t = store.topology();
        Map<String, List<InventoryVm>> vmsByHost = store.allVms().stream()
                .filter(vm -> vm.host() != null)
                .collect(Collectors.groupingBy(InventoryVm::host));
        List<Topology.DatacenterNode> dcs = new ArrayList<>();
        for (InventorySnapshot.Datacenter dc : t.datacenters()) {
            List<Topology.ClusterNode> clusters = new ArrayList<>();
            for (InventorySnapshot.Cluster cluster : t.clusters()) {
                if (!dc.name().equals(cluster.datacenter())) {
                    continue;
                }
                List<Topology.HostNode> hosts = t.hosts().stream()
                        .filter(h -> cluster.name().equals(h.cluster()) && dc.name().equals(h.datacenter()))
                        .map(h -> hostNode(h, vmsByHost)).toList();
                int vmCount = hosts.stream().mapToInt(h -> h.vms().size()).sum();
                int poweredOn = (int) hosts.stream().flatMap(h -> h.vms().stream())
                        .filter(v -> v.powerState() == io.traverse.events.PowerState.POWERED_ON).count();
                clusters.add(new Topology.ClusterNode(cluster.id(), cluster.name(), vmCount, poweredOn, hosts));
            }
            List<Topology.HostNode> standalone = t.hosts().stream()
                    .filter(h -> h.cluster() == null && dc.name().equals(h.datacenter()))
                    .map(h -> hostNode(h, vmsByHost)).toList();
            dcs.add(new Topology.DatacenterNode(dc.id(), dc.name(), clusters, standalone,
                    t.datastores().stream().filter(d -> dc.name().equals(d.datacenter())).toList(),
                    t.networks().stream().filter(n -> dc.name().equals(n.datacenter())).toList()));
        }
        return new Topology(t.readAt(), dcs);
    }

    private static Topology.HostNode hostNode(InventorySnapshot.Host h, Map<String, List<InventoryVm>> vmsByHost) {
        List<InventoryVm> vms = new ArrayList<>(vmsByHost.getOrDefault(h.name(), List.of()));
        vms.sort(Comparator.comparing(InventoryVm::name));
        return new Topology.HostNode(h.id(), h.name(), vms.stream().map(VmSummary::of).toList());
    }
}
