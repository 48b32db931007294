package io.traverse.discovery.pipeline;

import io.traverse.discovery.inventory.InventoryService;
import io.traverse.discovery.inventory.InventoryVm;
import io.traverse.discovery.source.SourceOperations;
import io.traverse.discovery.vcenter.VcenterAuthenticationException;
import io.traverse.discovery.vcenter.VcenterException;
import io.traverse.discovery.vcenter.VcenterUnavailableException;
import io.traverse.discovery.vcenter.VsphereGateway;
import io.traverse.events.EventEnvelope;
import io.traverse.events.MigrationEvent;
import io.traverse.events.MigrationFailed;
import io.traverse.events.MigrationMode;
import io.traverse.events.MigrationRequested;
import io.traverse.events.Phase;
import io.traverse.events.PowerState;
import io.traverse.events.VmDiscovered;
import io.traverse.support.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;

/**
 * Phase 1 for one VM: read it fresh from vCenter and hand it on as {@code vm.discovered}, or give up with
 * {@code migration.failed} (phase DISCOVERY) saying why. In two steps, so no database transaction is open while
 * vCenter is read (with retries, up to {@code VsphereGateway.readVm}'s 45 s): {@link #read} talks to vCenter and
 * decides, then {@link #record} stores the VM in the mirror and queues the outcome in the consumer's short
 * transaction, together with the inbox row.
 */
@ApplicationScoped
public class VmDiscovery {

    static final String SOURCE = "discovery-service";
    private static final Logger LOG = Logger.getLogger(VmDiscovery.class);

    private final VsphereGateway vsphere;
    private final InventoryService inventory;
    private final Outbox outbox;
    private final SourceOperations source;

    public VmDiscovery(VsphereGateway vsphere, InventoryService inventory, Outbox outbox, SourceOperations source) {
        this.vsphere = vsphere;
        this.inventory = inventory;
        this.outbox = outbox;
        this.source = source;
    }

    /**
     * What Phase 1 found for one request.
     *
     * @param vm     the VM as read (empty: vCenter does not have it), or null when vCenter could not be read
     * @param readAt when the read started
     */
    public record Outcome(MigrationRequested request, Optional<InventoryVm> vm, Instant readAt, MigrationEvent event) {
    }

    /** Reads the VM from vCenter and decides; no transaction (it must not hold one open while vCenter is slow). */
    @Transactional(TxType.NEVER)
    public Outcome read(MigrationRequested request) {
        Instant started = Instant.now();
        Optional<InventoryVm> vm;
        try {
            vm = vsphere.readVm(request.vmId());
        } catch (VcenterAuthenticationException e) {
            return new Outcome(request, null, started, failed(e.getMessage(), false));
        } catch (VcenterUnavailableException e) {
            return new Outcome(request, null, started, failed("vCenter did not answer after several attempts: " + e.getMessage(), true));
        } catch (VcenterException e) {
            return new Outcome(request, null, started, failed("vCenter could not describe VM " + request.vmId() + ": " + e.getMessage(), true));
        }
        return new Outcome(request, vm, started, decide(request, vm));
    }

    /** Stores what was read in the mirror and queues the outcome, in the caller's transaction (with the inbox row). */
    @Transactional(TxType.MANDATORY)
    public void record(EventEnvelope trigger, Outcome outcome) {
        if (outcome.vm() != null) {
            inventory.apply(outcome.request().vmId(), outcome.vm(), outcome.readAt());
        }
        MigrationRequested request = outcome.request();
        if (outcome.event() instanceof MigrationFailed failed) {
            LOG.warnf("Discovery of %s (%s) failed: %s", request.vmId(), request.vmName(), failed.reason());
        } else {
            LOG.infof("Discovered %s (%s)", request.vmId(), request.vmName());
        }
        outbox.publish(EventEnvelope.of(SOURCE, trigger.migrationId(), outcome.event()));
    }

    private MigrationEvent decide(MigrationRequested request, Optional<InventoryVm> vm) {
        if (vm.isEmpty()) {
            return failed("VM " + request.vmId() + " ('" + request.vmName() + "') no longer exists in vCenter; "
                    + "it was deleted or re-registered under a new id. Pick it again from the inventory.", false);
        }
        InventoryVm found = vm.get();
        if (found.template()) {
            return failed("VM " + found.id() + " ('" + found.name() + "') is a template; templates are not migrated.", false);
        }
        if (source.isProtected(found.name())) {
            return failed("VM " + found.id() + " ('" + found.name() + "') is protected (traverse.source.protected-vm-patterns): "
                    + "Traverse never powers it off, snapshots or reconfigures it, so it cannot be migrated. Remove it "
                    + "from the plan, or from the protected patterns if that is intended.", false);
        }
        if (request.mode() == MigrationMode.WARM && found.powerState() != PowerState.POWERED_ON) {
            return failed("VM " + found.id() + " ('" + found.name() + "') is " + describe(found.powerState())
                    + ", but a warm migration copies a running VM; power it on or request a cold migration.", false);
        }
        if (found.disks().isEmpty()) {
            return failed("VM " + found.id() + " ('" + found.name() + "') has no virtual disks; there is nothing to migrate.", false);
        }
        try {
            return new VmDiscovered(request, found.toSourceVm());
        } catch (RuntimeException e) {
            return failed("VM " + found.id() + " ('" + found.name() + "') has a configuration Traverse cannot describe: "
                    + e.getMessage(), false);
        }
    }

    private static String describe(PowerState state) {
        return switch (state) {
            case POWERED_ON -> "powered on";
            case POWERED_OFF -> "powered off";
            case SUSPENDED -> "suspended";
        };
    }

    private static MigrationFailed failed(String reason, boolean retryable) {
        return new MigrationFailed(Phase.DISCOVERY, reason, retryable);
    }
}
