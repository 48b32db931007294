package io.traverse.discovery.inventory;

import io.traverse.events.Firmware;
import io.traverse.events.PowerState;
import io.traverse.events.SourceDisk;
import io.traverse.events.SourceNic;
import io.traverse.events.SourceVm;

import java.util.List;

/**
 * One VM of the mirror with every Phase-1 field, as read from vCenter.
 *
 * @param id              managed object id, e.g. {@code vm-42}
 * @param uuid            {@code config.instanceUuid} (or {@code config.uuid} when vCenter has none)
 * @param guestId         {@code config.guestId}, e.g. {@code rhel9_64Guest}
 * @param guestFullName   {@code config.guestFullName}
 * @param guestFamily     {@code guest.guestFamily} as reported by VMware Tools, or null
 * @param cluster         cluster name, or null on a standalone host
 * @param toolsStatus     {@code guest.toolsRunningStatus}, e.g. {@code guestToolsRunning}, or null
 * @param ipAddress       primary IP address reported by VMware Tools, or null
 * @param ipAddresses     every IP address VMware Tools reports (primary first), empty without Tools
 * @param snapshots       names of the VM's snapshots, depth first
 * @param template        true for a template (never migrated)
 */
public record InventoryVm(
        String id,
        String name,
        String uuid,
        int vcpus,
        long memoryMb,
        String guestId,
        String guestFullName,
        String guestFamily,
        Firmware firmware,
        PowerState powerState,
        String datacenter,
        String cluster,
        String host,
        boolean cbtEnabled,
        String toolsStatus,
        String ipAddress,
        List<String> ipAddresses,
        boolean template,
        List<String> snapshots,
        List<Disk> disks,
        List<Nic> nics) {

    public InventoryVm {
        ipAddresses = ipAddresses == null ? List.of() : List.copyOf(ipAddresses);
        snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
        disks = disks == null ? List.of() : List.copyOf(disks);
        nics = nics == null ? List.of() : List.copyOf(nics);
    }

    /**
     * One virtual disk.
     *
     * @param fileName       VMDK path, e.g. {@code [LocalDS_0] vm/disk1.vmdk}
     * @param controllerType {@code pvscsi}, {@code lsilogic}, {@code lsilogic-sas}, {@code buslogic}, {@code sata},
     *                       {@code ide}, {@code nvme}
     * @param bus            controller bus number
     * @param unit           unit number on the controller
     * @param changeId       CBT change id, or null
     */
    public record Disk(int key, String fileName, String datastore, long capacityBytes, boolean thin,
                       String controllerType, int bus, int unit, String changeId) {

        /** As in {@link SourceDisk#controller()}: {@code type bus:unit}. */
        public String controller() {
            return controllerType + " " + bus + ":" + unit;
        }
    }

    /**
     * One network adapter.
     *
     * @param portGroup   managed object id of the port group or network, e.g. {@code dvportgroup-13}
     * @param networkName its name, e.g. {@code DC0_DVPG0}
     * @param adapterType {@code e1000}, {@code e1000e}, {@code vmxnet3}, ...
     * @param ipAddresses the addresses VMware Tools reports on this NIC ({@code guest.net} entry of this device),
     *                    IPv4 first; empty without Tools
     */
    public record Nic(int key, String macAddress, String portGroup, String networkName, String adapterType,
                      List<String> ipAddresses) {

        public Nic {
            ipAddresses = ipAddresses == null ? List.of() : List.copyOf(ipAddresses);
        }
    }

    /** The VM as {@code vm.discovered} carries it. */
    public SourceVm toSourceVm() {
        return toSourceVm(true);
    }

    /** The VM as {@code vm.discovered} carries it, with or without the addresses the guest reports on its NICs. */
    public SourceVm toSourceVm(boolean withGuestAddresses) {
        return new SourceVm(id, name, uuid, vcpus, memoryMb, guestId, firmware, powerState, cluster, host, datacenter,
                cbtEnabled,
                disks.stream().map(d -> new SourceDisk(d.key(), d.fileName(), d.datastore(), d.capacityBytes(), d.thin(),
                        d.controller(), d.changeId())).toList(),
                nics.stream().map(n -> new SourceNic(n.key(), n.macAddress(), n.portGroup(), n.networkName(),
                        withGuestAddresses ? n.ipAddresses() : List.of())).toList());
    }
}
