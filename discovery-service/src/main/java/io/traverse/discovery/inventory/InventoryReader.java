package io.traverse.discovery.inventory;

import com.vmware.vim25.ArrayOfGuestNicInfo;
import com.vmware.vim25.ArrayOfVirtualDevice;
import com.vmware.vim25.DynamicProperty;
import com.vmware.vim25.GuestNicInfo;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertySpec;
import com.vmware.vim25.RetrieveOptions;
import com.vmware.vim25.RetrieveResult;
import com.vmware.vim25.SelectionSpec;
import com.vmware.vim25.TraversalSpec;
import com.vmware.vim25.VirtualController;
import com.vmware.vim25.VirtualDevice;
import com.vmware.vim25.VirtualDeviceFileBackingInfo;
import com.vmware.vim25.VirtualDisk;
import com.vmware.vim25.VirtualDiskFlatVer2BackingInfo;
import com.vmware.vim25.VirtualEthernetCard;
import com.vmware.vim25.VirtualEthernetCardDistributedVirtualPortBackingInfo;
import com.vmware.vim25.VirtualEthernetCardNetworkBackingInfo;
import com.vmware.vim25.VirtualMachinePowerState;
import com.vmware.vim25.VirtualMachineSnapshotInfo;
import com.vmware.vim25.VirtualMachineSnapshotTree;
import com.vmware.vim25.mo.ContainerView;
import com.vmware.vim25.mo.PropertyCollector;
import com.vmware.vim25.mo.ServiceInstance;
import io.traverse.events.Firmware;
import io.traverse.events.PowerState;

import java.rmi.RemoteException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the inventory with the PropertyCollector: one {@code RetrievePropertiesEx} over a recursive ContainerView of
 * the root folder returns every datacenter, folder, cluster, host, datastore, network and VM with exactly the
 * properties below (plus {@code ContinueRetrievePropertiesEx} pages for big inventories), instead of one round trip per
 * object and property as yavijava's managed-object getters would make.
 */
public final class InventoryReader {

    /** Objects the ContainerView collects besides VMs: what names and parents are resolved against. */
    private static final String[] TOPOLOGY_TYPES = {"Datacenter", "Folder", "ClusterComputeResource", "ComputeResource",
            "HostSystem", "Datastore", "Network", "DistributedVirtualPortgroup"};
    static final String[] VM_PROPERTIES = {"name", "parent", "config.instanceUuid", "config.uuid", "config.template",
            "config.hardware.numCPU", "config.hardware.memoryMB", "config.hardware.device", "config.guestId",
            "config.guestFullName", "config.firmware", "config.changeTrackingEnabled", "runtime.powerState",
            "runtime.host", "guest.toolsRunningStatus", "guest.ipAddress", "guest.net", "guest.guestFamily", "snapshot"};
    private static final int PAGE = 1000;

    private InventoryReader() {
    }

    /** Everything, in one bulk read. */
    public static InventorySnapshot readAll(ServiceInstance si) throws RemoteException {
        Instant started = Instant.now();
        List<String> types = new ArrayList<>(List.of(TOPOLOGY_TYPES));
        types.add("VirtualMachine");
        List<ObjectContent> contents = readView(si, types.toArray(String[]::new), true);
        return assemble(entities(contents), started);
    }

    /**
     * One VM, read fresh (its own properties by reference, plus the topology its names come from), or empty when vCenter
     * no longer has it.
     */
    public static Optional<InventoryVm> readVm(ServiceInstance si, String vmId) throws RemoteException {
        ManagedObjectReference ref = mor("VirtualMachine", vmId);
        ObjectSpec os = new ObjectSpec();
        os.setObj(ref);
        os.setSkip(false);
        PropertyFilterSpec spec = new PropertyFilterSpec();
        spec.setObjectSet(new ObjectSpec[] {os});
        spec.setPropSet(new PropertySpec[] {propertySpec("VirtualMachine", VM_PROPERTIES)});
        List<ObjectContent> vm;
        try {
            vm = retrieve(si.getPropertyCollector(), spec);
        } catch (com.vmware.vim25.ManagedObjectNotFound gone) {
            return Optional.empty();
        }
        if (vm.isEmpty() || vm.get(0).getPropSet() == null || vm.get(0).getPropSet().length == 0) {
            return Optional.empty();
        }
        List<ObjectContent> all = new ArrayList<>(readView(si, TOPOLOGY_TYPES, false));
        all.addAll(vm);
        return assemble(entities(all), Instant.now()).vms().stream().filter(v -> v.id().equals(vmId)).findFirst();
    }

    private static List<ObjectContent> readView(ServiceInstance si, String[] types, boolean withVms) throws RemoteException {
        ContainerView view = si.getViewManager().createContainerView(si.getRootFolder(), types, true);
        try {
            TraversalSpec traverseView = new TraversalSpec();
            traverseView.setName("view");
            traverseView.setType("ContainerView");
            traverseView.setPath("view");
            traverseView.setSkip(false);
            ObjectSpec os = new ObjectSpec();
            os.setObj(view.getMOR());
            os.setSkip(true);
            os.setSelectSet(new SelectionSpec[] {traverseView});
            PropertyFilterSpec spec = new PropertyFilterSpec();
            spec.setObjectSet(new ObjectSpec[] {os});
            spec.setPropSet(propertySpecs(withVms));
            return retrieve(si.getPropertyCollector(), spec);
        } finally {
            try {
                view.destroyView();
            } catch (RemoteException ignored) {
                // the view dies with the session anyway
            }
        }
    }

    /** The properties read of each type of object: topology names and parents, and every Phase-1 field of VMs. */
    static PropertySpec[] propertySpecs(boolean withVms) {
        List<PropertySpec> props = new ArrayList<>(List.of(
                propertySpec("Datacenter", "name"),
                propertySpec("Folder", "name", "parent"),
                propertySpec("ClusterComputeResource", "name", "parent"),
                propertySpec("ComputeResource", "name", "parent"),
                propertySpec("HostSystem", "name", "parent"),
                propertySpec("Datastore", "name", "parent", "summary.capacity", "summary.freeSpace", "summary.type"),
                propertySpec("Network", "name", "parent"),
                propertySpec("DistributedVirtualPortgroup", "key")));
        if (withVms) {
            props.add(propertySpec("VirtualMachine", VM_PROPERTIES));
        }
        return props.toArray(PropertySpec[]::new);
    }

    /** All types the ContainerView collects, VMs included. */
    static String[] viewTypes() {
        List<String> types = new ArrayList<>(List.of(TOPOLOGY_TYPES));
        types.add("VirtualMachine");
        return types.toArray(String[]::new);
    }

    /**
     * The current properties of the given objects (each read with the spec of its type), in one call; objects vCenter
     * no longer has are missing from the answer.
     */
    static List<ObjectContent> readObjects(PropertyCollector pc, List<ManagedObjectReference> refs) throws RemoteException {
        if (refs.isEmpty()) {
            return List.of();
        }
        PropertyFilterSpec spec = new PropertyFilterSpec();
        spec.setObjectSet(refs.stream().map(ref -> {
            ObjectSpec os = new ObjectSpec();
            os.setObj(ref);
            os.setSkip(false);
            return os;
        }).toArray(ObjectSpec[]::new));
        spec.setPropSet(propertySpecs(true));
        try {
            return retrieve(pc, spec);
        } catch (com.vmware.vim25.ManagedObjectNotFound gone) {
            if (refs.size() == 1) {
                return List.of();
            }
            List<ObjectContent> out = new ArrayList<>(); // one of them is gone: read them one by one
            for (ManagedObjectReference ref : refs) {
                out.addAll(readObjects(pc, List.of(ref)));
            }
            return out;
        }
    }

    private static List<ObjectContent> retrieve(PropertyCollector pc, PropertyFilterSpec spec) throws RemoteException {
        RetrieveOptions options = new RetrieveOptions();
        options.setMaxObjects(PAGE);
        List<ObjectContent> out = new ArrayList<>();
        RetrieveResult page = pc.retrievePropertiesEx(new PropertyFilterSpec[] {spec}, options);
        while (page != null) {
            if (page.getObjects() != null) {
                out.addAll(List.of(page.getObjects()));
            }
            String token = page.getToken();
            page = token == null || token.isEmpty() ? null : pc.continueRetrievePropertiesEx(token);
        }
        return out;
    }

    private static PropertySpec propertySpec(String type, String... paths) {
        PropertySpec ps = new PropertySpec();
        ps.setType(type);
        ps.setAll(false);
        ps.setPathSet(paths);
        return ps;
    }

    static ManagedObjectReference mor(String type, String id) {
        ManagedObjectReference ref = new ManagedObjectReference();
        ref.setType(type);
        ref.set_value(id);
        return ref;
    }

    /** One object as read: its type and the properties asked for (by property path). */
    record Entity(String id, String type, String name, String parent, Map<String, Object> props) {

        static Entity of(ManagedObjectReference ref, Map<String, Object> props) {
            ManagedObjectReference parent = props.get("parent") instanceof ManagedObjectReference p ? p : null;
            return new Entity(ref.get_value(), ref.getType(), (String) props.get("name"),
                    parent == null ? null : parent.get_value(), props);
        }
    }

    static Map<String, Object> props(ObjectContent oc) {
        Map<String, Object> props = new HashMap<>();
        if (oc.getPropSet() != null) {
            for (DynamicProperty p : oc.getPropSet()) {
                props.put(p.getName(), p.getVal());
            }
        }
        return props;
    }

    static Map<String, Entity> entities(List<ObjectContent> contents) {
        Map<String, Entity> byId = new HashMap<>();
        for (ObjectContent oc : contents) {
            Map<String, Object> props = props(oc);
            Entity previous = byId.get(oc.getObj().get_value());
            if (previous != null) {
                props.putAll(previous.props()); // the same object reached twice (e.g. a port group is also a Network)
            }
            byId.put(oc.getObj().get_value(), Entity.of(oc.getObj(), props));
        }
        return byId;
    }

    /**
     * Builds the inventory from objects read at {@code readAt} (the start of the read: the state is at least that
     * fresh).
     */
    static InventorySnapshot assemble(Map<String, Entity> byId, Instant readAt) {
        Resolver r = new Resolver(byId);
        List<InventorySnapshot.Datacenter> dcs = new ArrayList<>();
        List<InventorySnapshot.Cluster> clusters = new ArrayList<>();
        List<InventorySnapshot.Host> hosts = new ArrayList<>();
        List<InventorySnapshot.Datastore> datastores = new ArrayList<>();
        List<InventorySnapshot.Network> networks = new ArrayList<>();
        List<InventoryVm> vms = new ArrayList<>();
        for (Entity e : byId.values()) {
            switch (e.type()) {
                case "Datacenter" -> dcs.add(new InventorySnapshot.Datacenter(e.id(), e.name()));
                case "ClusterComputeResource" -> clusters.add(new InventorySnapshot.Cluster(e.id(), e.name(), r.datacenterOf(e.id())));
                case "HostSystem" -> hosts.add(new InventorySnapshot.Host(e.id(), e.name(), r.clusterOf(e.id()), r.datacenterOf(e.id())));
                case "Datastore" -> datastores.add(new InventorySnapshot.Datastore(e.id(), e.name(), r.datacenterOf(e.id()),
                        asLong(e.props().get("summary.capacity")), asLong(e.props().get("summary.freeSpace")),
                        (String) e.props().get("summary.type")));
                case "Network", "DistributedVirtualPortgroup", "OpaqueNetwork" -> networks.add(new InventorySnapshot.Network(
                        e.id(), e.name(), r.datacenterOf(e.id()), e.type(), (String) e.props().get("key")));
                case "VirtualMachine" -> vms.add(vm(e, r));
                default -> {
                    // folders and compute resources only serve the parent walk
                }
            }
        }
        dcs.sort(Comparator.comparing(InventorySnapshot.Datacenter::name));
        clusters.sort(Comparator.comparing(InventorySnapshot.Cluster::name));
        hosts.sort(Comparator.comparing(InventorySnapshot.Host::name));
        datastores.sort(Comparator.comparing(InventorySnapshot.Datastore::name));
        networks.sort(Comparator.comparing(InventorySnapshot.Network::name));
        vms.sort(Comparator.comparing(InventoryVm::name).thenComparing(InventoryVm::id));
        return new InventorySnapshot(readAt, dcs, clusters, hosts, datastores, networks, vms);
    }

    /** One VM of {@code byId}, with the names around it resolved. */
    static Optional<InventoryVm> assembleVm(Map<String, Entity> byId, String vmId) {
        Entity e = byId.get(vmId);
        return e == null || !"VirtualMachine".equals(e.type()) ? Optional.empty() : Optional.of(vm(e, new Resolver(byId)));
    }

    private static final class Resolver {

        private final Map<String, Entity> byId;
        private Map<String, Entity> portGroupsByKey;

        Resolver(Map<String, Entity> byId) {
            this.byId = byId;
        }

        String datacenterOf(String id) {
            for (Entity e = byId.get(id); e != null; e = e.parent() == null ? null : byId.get(e.parent())) {
                if ("Datacenter".equals(e.type())) {
                    return e.name();
                }
            }
            return null;
        }

        String clusterOf(String hostId) {
            Entity host = byId.get(hostId);
            Entity parent = host == null || host.parent() == null ? null : byId.get(host.parent());
            return parent != null && "ClusterComputeResource".equals(parent.type()) ? parent.name() : null;
        }

        String name(String id) {
            Entity e = byId.get(id);
            return e == null ? null : e.name();
        }

        /** Computed once per assembly: a VM's NICs refer to distributed port groups by key. */
        Map<String, Entity> portGroupsByKey() {
            if (portGroupsByKey == null) {
                Map<String, Entity> out = new HashMap<>();
                byId.values().stream().filter(e -> e.props().get("key") != null)
                        .forEach(e -> out.put((String) e.props().get("key"), e));
                portGroupsByKey = out;
            }
            return portGroupsByKey;
        }
    }

    private static InventoryVm vm(Entity e, Resolver r) {
        Map<String, Object> p = e.props();
        ManagedObjectReference hostRef = (ManagedObjectReference) p.get("runtime.host");
        String hostId = hostRef == null ? null : hostRef.get_value();
        VirtualDevice[] devices = p.get("config.hardware.device") instanceof ArrayOfVirtualDevice a && a.getVirtualDevice() != null
                ? a.getVirtualDevice() : new VirtualDevice[0];
        Map<Integer, VirtualDevice> byKey = new HashMap<>();
        for (VirtualDevice d : devices) {
            byKey.put(d.getKey(), d);
        }
        Map<String, Entity> portGroups = r.portGroupsByKey();
        GuestNicInfo[] guestNics = p.get("guest.net") instanceof ArrayOfGuestNicInfo a && a.getGuestNicInfo() != null
                ? a.getGuestNicInfo() : new GuestNicInfo[0];
        List<InventoryVm.Disk> disks = new ArrayList<>();
        List<InventoryVm.Nic> nics = new ArrayList<>();
        for (VirtualDevice d : devices) {
            if (d instanceof VirtualDisk disk) {
                disks.add(disk(disk, byKey, r));
            } else if (d instanceof VirtualEthernetCard nic) {
                nics.add(nic(nic, portGroups, guestNics));
            }
        }
        String instanceUuid = (String) p.get("config.instanceUuid");
        String uuid = instanceUuid == null || instanceUuid.isBlank() ? (String) p.get("config.uuid") : instanceUuid;
        Object memory = p.get("config.hardware.memoryMB");
        Object cpus = p.get("config.hardware.numCPU");
        return new InventoryVm(e.id(), e.name(), uuid, cpus == null ? 0 : ((Number) cpus).intValue(),
                memory == null ? 0 : ((Number) memory).longValue(), (String) p.get("config.guestId"),
                (String) p.get("config.guestFullName"), blankToNull((String) p.get("guest.guestFamily")),
                "efi".equalsIgnoreCase((String) p.get("config.firmware")) ? Firmware.EFI : Firmware.BIOS,
                powerState(p.get("runtime.powerState")), hostId == null ? null : r.datacenterOf(hostId),
                hostId == null ? null : r.clusterOf(hostId), hostId == null ? null : r.name(hostId),
                Boolean.TRUE.equals(p.get("config.changeTrackingEnabled")),
                blankToNull((String) p.get("guest.toolsRunningStatus")), blankToNull((String) p.get("guest.ipAddress")),
                ipAddresses(p.get("guest.ipAddress"), p.get("guest.net")),
                Boolean.TRUE.equals(p.get("config.template")), snapshotNames(p.get("snapshot")), disks, nics);
    }

    private static InventoryVm.Disk disk(VirtualDisk disk, Map<Integer, VirtualDevice> byKey, Resolver r) {
        String fileName = null;
        String datastore = null;
        boolean thin = false;
        String changeId = null;
        if (disk.getBacking() instanceof VirtualDeviceFileBackingInfo file) {
            fileName = file.getFileName();
            datastore = file.getDatastore() == null ? null : r.name(file.getDatastore().get_value());
        }
        if (disk.getBacking() instanceof VirtualDiskFlatVer2BackingInfo flat) {
            thin = Boolean.TRUE.equals(flat.getThinProvisioned());
            changeId = blankToNull(flat.getChangeId());
        }
        if (datastore == null && fileName != null && fileName.startsWith("[") && fileName.indexOf(']') > 0) {
            datastore = fileName.substring(1, fileName.indexOf(']'));
        }
        long capacity = disk.getCapacityInBytes() != null && disk.getCapacityInBytes() > 0
                ? disk.getCapacityInBytes() : disk.getCapacityInKB() * 1024L;
        VirtualDevice controller = disk.getControllerKey() == null ? null : byKey.get(disk.getControllerKey());
        int bus = controller instanceof VirtualController c ? c.getBusNumber() : 0;
        int unit = disk.getUnitNumber() == null ? 0 : disk.getUnitNumber();
        return new InventoryVm.Disk(disk.getKey(), fileName, datastore, capacity, thin, controllerType(controller), bus, unit,
                changeId);
    }

    private static InventoryVm.Nic nic(VirtualEthernetCard nic, Map<String, Entity> portGroups, GuestNicInfo[] guestNics) {
        String portGroup = null;
        String networkName = null;
        if (nic.getBacking() instanceof VirtualEthernetCardDistributedVirtualPortBackingInfo dv && dv.getPort() != null) {
            Entity pg = portGroups.get(dv.getPort().getPortgroupKey());
            portGroup = pg == null ? dv.getPort().getPortgroupKey() : pg.id();
            networkName = pg == null ? dv.getPort().getPortgroupKey() : pg.name();
        } else if (nic.getBacking() instanceof VirtualEthernetCardNetworkBackingInfo net) {
            portGroup = net.getNetwork() == null ? net.getDeviceName() : net.getNetwork().get_value();
            networkName = net.getDeviceName();
        }
        String mac = nic.getMacAddress() == null ? null : nic.getMacAddress().toLowerCase(Locale.ROOT);
        return new InventoryVm.Nic(nic.getKey(), mac, portGroup, networkName, adapterType(nic), guestIps(nic, mac, guestNics));
    }

    /**
     * The addresses VMware Tools reports for this NIC: the {@code guest.net} entry whose {@code deviceConfigId} is the
     * NIC's key (else the one with its MAC), IPv4 before IPv6, in the order reported.
     */
    private static List<String> guestIps(VirtualEthernetCard nic, String mac, GuestNicInfo[] guestNics) {
        GuestNicInfo match = null;
        for (GuestNicInfo g : guestNics) {
            if (g.getDeviceConfigId() == nic.getKey()) {
                match = g;
                break;
            }
            if (match == null && mac != null && mac.equalsIgnoreCase(g.getMacAddress())) {
                match = g;
            }
        }
        if (match == null || match.getIpAddress() == null) {
            return List.of();
        }
        List<String> ips = new ArrayList<>();
        for (String ip : match.getIpAddress()) {
            if (ip != null && !ip.isBlank()) {
                ips.add(ip.strip());
            }
        }
        ips.sort(Comparator.comparing(ip -> ip.contains(":"))); // IPv4 first; stable, so reported order otherwise
        return List.copyOf(ips);
    }

    static String controllerType(VirtualDevice controller) {
        if (controller == null) {
            return "unknown";
        }
        return switch (controller.getClass().getSimpleName()) {
            case "ParaVirtualSCSIController" -> "pvscsi";
            case "VirtualLsiLogicController" -> "lsilogic";
            case "VirtualLsiLogicSASController" -> "lsilogic-sas";
            case "VirtualBusLogicController" -> "buslogic";
            case "VirtualAHCIController", "VirtualSATAController" -> "sata";
            case "VirtualIDEController" -> "ide";
            case "VirtualNVMEController" -> "nvme";
            default -> controller.getClass().getSimpleName();
        };
    }

    static String adapterType(VirtualEthernetCard nic) {
        String simple = nic.getClass().getSimpleName();
        return switch (simple) {
            case "VirtualE1000" -> "e1000";
            case "VirtualE1000e" -> "e1000e";
            case "VirtualVmxnet3" -> "vmxnet3";
            case "VirtualVmxnet2" -> "vmxnet2";
            case "VirtualVmxnet" -> "vmxnet";
            case "VirtualPCNet32" -> "pcnet32";
            case "VirtualSriovEthernetCard" -> "sriov";
            default -> simple;
        };
    }

    private static PowerState powerState(Object value) {
        if (value instanceof VirtualMachinePowerState s) {
            return switch (s) {
                case poweredOn -> PowerState.POWERED_ON;
                case suspended -> PowerState.SUSPENDED;
                default -> PowerState.POWERED_OFF;
            };
        }
        return PowerState.POWERED_OFF;
    }

    /** The primary address first, then every other address VMware Tools reports on the guest's NICs. */
    private static List<String> ipAddresses(Object primary, Object net) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        if (primary instanceof String s && !s.isBlank()) {
            out.add(s);
        }
        if (net instanceof ArrayOfGuestNicInfo a && a.getGuestNicInfo() != null) {
            for (GuestNicInfo nic : a.getGuestNicInfo()) {
                if (nic.getIpAddress() != null) {
                    for (String ip : nic.getIpAddress()) {
                        if (ip != null && !ip.isBlank()) {
                            out.add(ip);
                        }
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<String> snapshotNames(Object value) {
        List<String> names = new ArrayList<>();
        if (value instanceof VirtualMachineSnapshotInfo info && info.getRootSnapshotList() != null) {
            for (VirtualMachineSnapshotTree t : info.getRootSnapshotList()) {
                collect(t, names);
            }
        }
        return names;
    }

    private static void collect(VirtualMachineSnapshotTree tree, List<String> names) {
        names.add(tree.getName());
        if (tree.getChildSnapshotList() != null) {
            for (VirtualMachineSnapshotTree child : tree.getChildSnapshotList()) {
                collect(child, names);
            }
        }
    }

    private static long asLong(Object o) {
        return o instanceof Number n ? n.longValue() : 0L;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
