package io.traverse.discovery.source;

import com.vmware.vim25.DiskChangeExtent;
import com.vmware.vim25.DiskChangeInfo;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.TaskInfo;
import com.vmware.vim25.TaskInfoState;
import com.vmware.vim25.VirtualMachineConfigSpec;
import com.vmware.vim25.VirtualMachinePowerState;
import com.vmware.vim25.mo.Task;
import com.vmware.vim25.mo.VirtualMachine;
import com.vmware.vim25.mo.VirtualMachineSnapshot;
import io.traverse.discovery.inventory.InventorySync;
import io.traverse.discovery.inventory.InventoryVm;
import io.traverse.discovery.vcenter.VcenterSession;
import io.traverse.discovery.vcenter.VsphereFaultException;
import io.traverse.events.PowerState;
import io.traverse.support.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the later phases do to a source VM: power on, graceful shutdown (VMware Tools, then hard power-off after a
 * timeout), enable Changed Block Tracking, create and remove snapshots, and hand out the datastore file URL plus session
 * cookie that disk transfer (Pipeline B) downloads with, and the changed areas of a disk since a CBT change id.
 * Power operations are idempotent; every operation refreshes the VM in the mirror afterwards, so its change goes out as
 * {@code inventory.changed}. VMs matching {@code traverse.source.protected-vm-patterns} are never modified: power
 * on/off, CBT and snapshot operations on them are refused (an operation that would change nothing, such as powering on
 * a running VM, still answers); reads are allowed.
 */
@ApplicationScoped
public class SourceOperations {

    private static final Logger LOG = Logger.getLogger(SourceOperations.class);
    private static final Pattern DATASTORE_PATH = Pattern.compile("\\[([^\\]]+)\\] (.+)");

    private final VcenterSession session;
    private final InventorySync inventory;
    private final SourceConfig config;
    private final List<Pattern> protectedPatterns;

    public SourceOperations(VcenterSession session, InventorySync inventory, SourceConfig config) {
        this.session = session;
        this.inventory = inventory;
        this.config = config;
        this.protectedPatterns = config.protectedVmPatterns().stream().filter(p -> !p.isBlank()).map(SourceOperations::glob).toList();
    }

    /** The result of a power operation: what was done and the VM afterwards. */
    public record PowerResult(String action, InventoryVm vm) {
    }

    /** A snapshot that was created. */
    public record SnapshotRef(String snapshotId, String name, InventoryVm vm) {
    }

    /** Where disk transfer downloads a datastore file, and the session cookie to send with it. */
    public record DatastoreFileAccess(String url, String cookie, String datastore, String path, String datacenter) {
    }

    /**
     * The changed areas of one disk: extents in bytes, merged and sorted, covering {@code length} bytes of the disk from
     * {@code startOffset}; {@code changedBytes} is their sum.
     */
    public record ChangedAreas(String vmId, String snapshotId, int diskKey, String changeId, long startOffset, long length,
                               long changedBytes, List<Area> areas) {

        public record Area(long start, long length) {
        }
    }

    public PowerResult powerOn(String vmId) {
        InventoryVm vm = current(vmId);
        if (vm.powerState() == PowerState.POWERED_ON) {
            return new PowerResult("none: already powered on", vm);
        }
        refuseIfProtected(vm, "powered on");
        session.call("power on " + vmId, si -> waitFor(new VirtualMachine(si.getServerConnection(), ref(vmId)).powerOnVM_Task(null),
                "power on " + vmId));
        LOG.infof("Powered on %s (%s)", vmId, vm.name());
        return new PowerResult("powered on", refreshed(vmId));
    }

    /**
     * Shuts the VM down through VMware Tools when they run, waits up to {@code timeout} (default from config), then
     * powers it off hard if it is still on.
     */
    public PowerResult powerOff(String vmId, Duration timeout) {
        InventoryVm vm = current(vmId);
        if (vm.powerState() == PowerState.POWERED_OFF) {
            return new PowerResult("none: already powered off", vm);
        }
        refuseIfProtected(vm, "powered off");
        Duration wait = timeout == null ? config.gracefulShutdownTimeout() : timeout;
        if ("guestToolsRunning".equals(vm.toolsStatus()) && vm.powerState() == PowerState.POWERED_ON && !wait.isZero()) {
            boolean off = session.call("shut down the guest of " + vmId, si -> {
                VirtualMachine machine = new VirtualMachine(si.getServerConnection(), ref(vmId));
                machine.shutdownGuest();
                long deadline = System.nanoTime() + wait.toNanos();
                while (System.nanoTime() < deadline) {
                    if (machine.getRuntime().getPowerState() == VirtualMachinePowerState.poweredOff) {
                        return true;
                    }
                    Thread.sleep(1000);
                }
                return false;
            });
            if (off) {
                LOG.infof("Shut down %s (%s) through VMware Tools", vmId, vm.name());
                return new PowerResult("shut down gracefully", refreshed(vmId));
            }
            LOG.warnf("%s (%s) did not shut down within %s; powering it off", vmId, vm.name(), wait);
        }
        session.call("power off " + vmId, si -> waitFor(new VirtualMachine(si.getServerConnection(), ref(vmId)).powerOffVM_Task(),
                "power off " + vmId));
        LOG.infof("Powered off %s (%s)", vmId, vm.name());
        return new PowerResult("powered off", refreshed(vmId));
    }

    /** Turns on Changed Block Tracking ({@code changeTrackingEnabled}); a no-op when it is on already. */
    public InventoryVm enableCbt(String vmId) {
        InventoryVm vm = current(vmId);
        if (vm.cbtEnabled()) {
            return vm;
        }
        refuseIfProtected(vm, "reconfigured");
        session.call("enable CBT on " + vmId, si -> {
            VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
            spec.setChangeTrackingEnabled(true);
            return waitFor(new VirtualMachine(si.getServerConnection(), ref(vmId)).reconfigVM_Task(spec), "enable CBT on " + vmId);
        });
        LOG.infof("Enabled CBT on %s (%s)", vmId, vm.name());
        return refreshed(vmId);
    }

    public SnapshotRef createSnapshot(String vmId, String name, String description, boolean memory, boolean quiesce) {
        InventoryVm vm = current(vmId);
        refuseIfProtected(vm, "snapshotted");
        ManagedObjectReference snapshot = session.call("snapshot " + vmId, si -> {
            Task task = new VirtualMachine(si.getServerConnection(), ref(vmId))
                    .createSnapshot_Task(name, description == null ? "" : description, memory, quiesce);
            TaskInfo info = waitFor(task, "snapshot " + vmId);
            return (ManagedObjectReference) info.getResult();
        });
        LOG.infof("Created snapshot %s '%s' of %s (%s)", snapshot.get_value(), name, vmId, vm.name());
        return new SnapshotRef(snapshot.get_value(), name, refreshed(vmId));
    }

    public InventoryVm removeSnapshot(String vmId, String snapshotId) {
        refuseIfProtected(current(vmId), "changed (snapshot removal)");
        session.call("remove snapshot " + snapshotId, si -> {
            ManagedObjectReference snap = new ManagedObjectReference();
            snap.setType("VirtualMachineSnapshot");
            snap.set_value(snapshotId);
            return waitFor(new VirtualMachineSnapshot(si.getServerConnection(), snap).removeSnapshot_Task(false),
                    "remove snapshot " + snapshotId);
        });
        return refreshed(vmId);
    }

    /**
     * {@code QueryChangedDiskAreas}: which areas of disk {@code diskKey} differ in snapshot {@code snapshotId} from the
     * disk state with change id {@code changeId} ({@code *}: every allocated area, for a first full copy). vCenter may
     * answer for part of the disk per call; the calls are repeated until the disk's capacity is covered. Needs CBT on.
     */
    public ChangedAreas changedDiskAreas(String vmId, String snapshotId, int diskKey, String changeId, long startOffset) {
        if (changeId == null || changeId.isBlank()) {
            throw ProblemException.badRequest("changeId: required (a disk's CBT change id, or * for all allocated areas)");
        }
        if (startOffset < 0) {
            throw ProblemException.badRequest("startOffset: must not be negative");
        }
        InventoryVm vm = current(vmId);
        long capacity = vm.disks().stream().filter(d -> d.key() == diskKey).mapToLong(InventoryVm.Disk::capacityBytes)
                .findFirst().orElseThrow(() -> ProblemException.notFound("disk " + diskKey + " of VM " + vmId));
        return session.call("query changed areas of disk " + diskKey + " of " + vmId, si -> {
            VirtualMachine machine = new VirtualMachine(si.getServerConnection(), ref(vmId));
            ManagedObjectReference snapRef = new ManagedObjectReference();
            snapRef.setType("VirtualMachineSnapshot");
            snapRef.set_value(snapshotId);
            VirtualMachineSnapshot snapshot = new VirtualMachineSnapshot(si.getServerConnection(), snapRef);
            List<ChangedAreas.Area> areas = new ArrayList<>();
            long offset = startOffset;
            long end = startOffset;
            while (true) {
                DiskChangeInfo info = machine.queryChangedDiskAreas(snapshot, diskKey, offset, changeId);
                if (info.getChangedArea() != null) {
                    for (DiskChangeExtent e : info.getChangedArea()) {
                        ChangedAreas.Area last = areas.isEmpty() ? null : areas.getLast();
                        if (last != null && last.start() + last.length() == e.getStart()) {
                            areas.set(areas.size() - 1, new ChangedAreas.Area(last.start(), last.length() + e.getLength()));
                        } else {
                            areas.add(new ChangedAreas.Area(e.getStart(), e.getLength()));
                        }
                    }
                }
                end = info.getStartOffset() + info.getLength();
                if (info.getLength() <= 0 || end >= capacity) {
                    break;
                }
                offset = end;
            }
            return new ChangedAreas(vmId, snapshotId, diskKey, changeId, startOffset, end - startOffset,
                    areas.stream().mapToLong(ChangedAreas.Area::length).sum(), List.copyOf(areas));
        });
    }

    /**
     * The {@code /folder} URL of a datastore file ({@code [LocalDS_0] vm/disk1-flat.vmdk}) and the session cookie to
     * download it with.
     */
    public DatastoreFileAccess datastoreFile(String datastorePath, String datacenter) {
        var m = DATASTORE_PATH.matcher(datastorePath == null ? "" : datastorePath.strip());
        if (!m.matches()) {
            throw ProblemException.badRequest("path: '" + datastorePath + "' is not a datastore path like '[LocalDS_0] vm/disk1.vmdk'");
        }
        if (datacenter == null || datacenter.isBlank()) {
            throw ProblemException.badRequest("datacenter: required (the datacenter the datastore belongs to, e.g. DC0)");
        }
        String datastore = m.group(1);
        String path = m.group(2);
        URI sdk = URI.create(session.url().toString());
        StringBuilder encodedPath = new StringBuilder();
        for (String segment : path.split("/")) {
            if (!encodedPath.isEmpty()) {
                encodedPath.append('/');
            }
            encodedPath.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        String url = sdk.getScheme() + "://" + sdk.getRawAuthority() + "/folder/" + encodedPath
                + "?dcPath=" + URLEncoder.encode(datacenter, StandardCharsets.UTF_8).replace("+", "%20")
                + "&dsName=" + URLEncoder.encode(datastore, StandardCharsets.UTF_8).replace("+", "%20");
        return new DatastoreFileAccess(url, session.sessionCookie(), datastore, path, datacenter);
    }

    /** True when the VM name matches a protected pattern. */
    public boolean isProtected(String vmName) {
        return protectedPatterns.stream().anyMatch(p -> p.matcher(vmName).matches());
    }

    private void refuseIfProtected(InventoryVm vm, String what) {
        if (isProtected(vm.name())) {
            throw new ProblemException(SourceProblems.PROTECTED_VM, "Protected VM", 409, "VM " + vm.id() + " ('" + vm.name()
                    + "') matches traverse.source.protected-vm-patterns and is never " + what);
        }
    }

    private InventoryVm current(String vmId) {
        return inventory.refreshVm(vmId).orElseThrow(() -> ProblemException.notFound("VM " + vmId));
    }

    private InventoryVm refreshed(String vmId) {
        return inventory.refreshVm(vmId).orElseThrow(() -> ProblemException.notFound("VM " + vmId));
    }

    private static ManagedObjectReference ref(String vmId) {
        ManagedObjectReference ref = new ManagedObjectReference();
        ref.setType("VirtualMachine");
        ref.set_value(vmId);
        return ref;
    }

    private static TaskInfo waitFor(Task task, String what) throws Exception {
        task.waitForTask(200, 500);
        TaskInfo info = task.getTaskInfo();
        if (info.getState() != TaskInfoState.success) {
            String fault = info.getError() == null ? "unknown error" : info.getError().getFault() == null
                    ? info.getError().getLocalizedMessage() : info.getError().getFault().getClass().getSimpleName();
            throw new VsphereFaultException(what, fault, null);
        }
        return info;
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            switch (ch) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }
}
