package io.traverse.discovery.inventory;

import java.time.Instant;
import java.util.List;

/** Everything one bulk read of vCenter returned. */
public record InventorySnapshot(
        Instant readAt,
        List<Datacenter> datacenters,
        List<Cluster> clusters,
        List<Host> hosts,
        List<Datastore> datastores,
        List<Network> networks,
        List<InventoryVm> vms) {

    public record Datacenter(String id, String name) {
    }

    public record Cluster(String id, String name, String datacenter) {
    }

    /** @param cluster cluster name, or null for a standalone host */
    public record Host(String id, String name, String cluster, String datacenter) {
    }

    /** @param type e.g. {@code VMFS}, {@code NFS}, {@code vsan}, {@code OTHER} */
    public record Datastore(String id, String name, String datacenter, long capacityBytes, long freeBytes, String type) {
    }

    /**
     * @param kind {@code Network} (standard port group) or {@code DistributedVirtualPortgroup}
     * @param key  the distributed port group key NIC backings refer to, or null for a standard network
     */
    public record Network(String id, String name, String datacenter, String kind, String key) {
    }
}
