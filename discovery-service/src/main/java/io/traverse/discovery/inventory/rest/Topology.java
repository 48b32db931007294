package io.traverse.discovery.inventory.rest;

import io.traverse.discovery.inventory.InventorySnapshot;

import java.time.Instant;
import java.util.List;

/**
 * The Infrastructure Topology tree: datacenter → cluster → host → VMs, with each datacenter's datastores and networks.
 *
 * @param syncedAt when the mirror was last synced with vCenter (null before the first sync)
 */
public record Topology(Instant syncedAt, List<DatacenterNode> datacenters) {

    public record DatacenterNode(String id, String name, List<ClusterNode> clusters, List<HostNode> standaloneHosts,
                                 List<InventorySnapshot.Datastore> datastores, List<InventorySnapshot.Network> networks) {
    }

    /** A cluster with its VM counts for the left pane's badges. */
    public record ClusterNode(String id, String name, int vmCount, int poweredOn, List<HostNode> hosts) {
    }

    public record HostNode(String id, String name, List<VmSummary> vms) {
    }
}
