package io.traverse.discovery.inventory;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.ObjectSpec;
import com.vmware.vim25.ObjectUpdate;
import com.vmware.vim25.PropertyChange;
import com.vmware.vim25.PropertyChangeOp;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.PropertyFilterUpdate;
import com.vmware.vim25.SelectionSpec;
import com.vmware.vim25.TraversalSpec;
import com.vmware.vim25.UpdateSet;
import com.vmware.vim25.WaitOptions;
import com.vmware.vim25.mo.ContainerView;
import com.vmware.vim25.mo.PropertyCollector;
import com.vmware.vim25.mo.ServiceInstance;

import java.rmi.RemoteException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * vCenter's inventory as a stream of changes, for one session: a PropertyCollector of our own with one filter over a
 * recursive ContainerView of the root folder (the same objects and properties as {@link InventoryReader#readAll}),
 * read with {@code WaitForUpdatesEx}. The first call (version "") answers with every object, later calls with what
 * changed since the version the previous call returned. The feed keeps the objects in memory, so a change to one VM
 * is assembled without reading anything else.
 *
 * <p>Objects reported as entered or modified are read again by reference, in one {@code RetrievePropertiesEx} per
 * batch: vCenter may report a change at a finer path than the one asked for (e.g. one device of
 * {@code config.hardware.device}), and vcsim changes some properties (CBT, change ids) without reporting them, so the
 * current properties are the reliable answer. Not thread-safe: one watcher thread uses it.
 */
final class InventoryFeed implements AutoCloseable {

    private static final int MAX_OBJECT_UPDATES = 1000;

    /** What one call brought: the model after it, and which objects changed. */
    record Changes(boolean full, Instant readAt, Set<String> vms, Set<String> goneVms, boolean topology, int objects) {

        boolean isEmpty() {
            return !full && vms.isEmpty() && goneVms.isEmpty() && !topology;
        }
    }

    private final ServiceInstance si;
    private final PropertyCollector collector;
    private final ContainerView view;
    private final Map<String, InventoryReader.Entity> objects = new HashMap<>();
    private String version = "";
    private int calls;

    private InventoryFeed(ServiceInstance si, PropertyCollector collector, ContainerView view) {
        this.si = si;
        this.collector = collector;
        this.view = view;
    }

    /** Creates the collector, view and filter on this session; nothing is read yet. */
    static InventoryFeed open(ServiceInstance si) throws RemoteException {
        PropertyCollector collector = si.getPropertyCollector().createPropertyCollector();
        ContainerView view = si.getViewManager().createContainerView(si.getRootFolder(), InventoryReader.viewTypes(), true);
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
        spec.setPropSet(InventoryReader.propertySpecs(true));
        collector.createFilter(spec, true);
        return new InventoryFeed(si, collector, view);
    }

    /** The session this feed belongs to; after a new login it has to be opened again. */
    ServiceInstance session() {
        return si;
    }

    /** The version of the last update set, "" before the first. */
    String version() {
        return version;
    }

    /** SOAP calls made so far (WaitForUpdatesEx and the re-reads). */
    int calls() {
        return calls;
    }

    /**
     * The next changes: the whole inventory on the first call, else what changed, waiting up to
     * {@code maxWaitSeconds} for something to change (empty when nothing did).
     */
    Changes next(int maxWaitSeconds) throws RemoteException {
        boolean full = version.isEmpty();
        Instant started = Instant.now();
        Set<ManagedObjectReference> touched = new LinkedHashSet<>();
        Set<String> goneVms = new LinkedHashSet<>();
        boolean topology = false;
        Map<String, List<ObjectContent>> entered = new LinkedHashMap<>();
        boolean more;
        do {
            WaitOptions options = new WaitOptions();
            options.setMaxWaitSeconds(maxWaitSeconds);
            options.setMaxObjectUpdates(MAX_OBJECT_UPDATES);
            calls++;
            UpdateSet set = collector.waitForUpdatesEx(version, options);
            if (set == null) {
                break; // nothing changed within maxWaitSeconds
            }
            version = set.getVersion();
            more = Boolean.TRUE.equals(set.getTruncated());
            for (PropertyFilterUpdate fu : orEmpty(set.getFilterSet())) {
                for (ObjectUpdate ou : orEmpty(fu.getObjectSet())) {
                    ManagedObjectReference ref = ou.getObj();
                    boolean vm = "VirtualMachine".equals(ref.getType());
                    switch (ou.getKind()) {
                        case enter -> {
                            if (full) {
                                entered.computeIfAbsent(ref.get_value(), k -> new ArrayList<>()).add(content(ou));
                            } else {
                                touched.add(ref);
                            }
                        }
                        case modify -> touched.add(ref);
                        case leave -> {
                            objects.remove(ref.get_value());
                            touched.remove(ref);
                            if (vm) {
                                goneVms.add(ref.get_value());
                            }
                        }
                    }
                    topology |= !vm; // a host, cluster, datastore or network changed: names around VMs may have too
                }
            }
        } while (more);

        if (full) {
            objects.clear();
            entered.values().forEach(contents -> objects.putAll(InventoryReader.entities(contents)));
            return new Changes(true, started, Set.of(), Set.of(), true, objects.size());
        }
        Instant reread = Instant.now();
        Set<String> vms = new LinkedHashSet<>();
        if (!touched.isEmpty()) {
            calls++;
            List<ObjectContent> current = InventoryReader.readObjects(si.getPropertyCollector(), List.copyOf(touched));
            Map<String, InventoryReader.Entity> fresh = InventoryReader.entities(current);
            for (ManagedObjectReference ref : touched) {
                InventoryReader.Entity e = fresh.get(ref.get_value());
                boolean vm = "VirtualMachine".equals(ref.getType());
                if (e == null) { // gone between the update and the read
                    objects.remove(ref.get_value());
                    if (vm) {
                        goneVms.add(ref.get_value());
                    }
                } else {
                    objects.put(ref.get_value(), e);
                    if (vm) {
                        vms.add(ref.get_value());
                    }
                }
            }
        }
        return new Changes(false, reread, vms, goneVms, topology, objects.size());
    }

    /** Everything the feed knows, as a full read at {@code readAt}. */
    InventorySnapshot snapshot(Instant readAt) {
        return InventoryReader.assemble(objects, readAt);
    }

    /** One VM as the feed knows it. */
    Optional<InventoryVm> vm(String vmId) {
        return InventoryReader.assembleVm(objects, vmId);
    }

    /** Ends a wait in progress (from another thread); the waiting call fails with {@code RequestCanceled}. */
    void cancel() {
        try {
            collector.cancelWaitForUpdates();
        } catch (RemoteException | RuntimeException ignored) {
            // the session may be gone already
        }
    }

    /** Destroys the collector (with its filter) and the view; best effort, they die with the session anyway. */
    @Override
    public void close() {
        try {
            collector.destroyPropertyCollector();
        } catch (RemoteException | RuntimeException ignored) {
            // gone with the session
        }
        try {
            view.destroyView();
        } catch (RemoteException | RuntimeException ignored) {
            // gone with the session
        }
    }

    private static ObjectContent content(ObjectUpdate ou) {
        List<com.vmware.vim25.DynamicProperty> props = new ArrayList<>();
        for (PropertyChange change : orEmpty(ou.getChangeSet())) {
            if (change.getOp() == PropertyChangeOp.assign || change.getOp() == null) {
                com.vmware.vim25.DynamicProperty p = new com.vmware.vim25.DynamicProperty();
                p.setName(change.getName());
                p.setVal(change.getVal());
                props.add(p);
            }
        }
        ObjectContent oc = new ObjectContent();
        oc.setObj(ou.getObj());
        oc.setPropSet(props.toArray(com.vmware.vim25.DynamicProperty[]::new));
        return oc;
    }

    private static <T> List<T> orEmpty(T[] array) {
        return array == null ? List.of() : List.of(array);
    }
}
