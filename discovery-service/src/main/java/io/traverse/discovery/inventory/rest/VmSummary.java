package io.traverse.discovery.inventory.rest;

import io.traverse.discovery.inventory.InventoryVm;
import io.traverse.events.PowerState;

/** A VM in lists and in the topology tree: identity, placement, power state and specs. */
public record VmSummary(String id, String name, PowerState powerState, String datacenter, String cluster, String host,
                        int vcpus, long memoryMb, String guestId, String guestFullName, int disks, long diskBytes,
                        int nics, boolean cbtEnabled) {

    public static VmSummary of(InventoryVm vm) {
        return new VmSummary(vm.id(), vm.name(), vm.powerState(), vm.datacenter(), vm.cluster(), vm.host(), vm.vcpus(),
                vm.memoryMb(), vm.guestId(), vm.guestFullName(), vm.disks().size(),
                vm.disks().stream().mapToLong(InventoryVm.Disk::capacityBytes).sum(), vm.nics().size(), vm.cbtEnabled());
    }
}
