package io.traverse.discovery.pipeline;

import io.traverse.discovery.inventory.InventoryService;
import io.traverse.discovery.inventory.InventoryVm;
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

import java.util.Optional;

/**
 * Phase 1 for one VM: read it fresh from vCenter and hand it on as {@code vm.discovered}, or give up with
 * {@code migration.failed} (phase DISCOVERY) saying why. Runs inside the consumer's transaction, so the inbox row,
 * the mirror update and the outgoing event commit together.
 */
@ApplicationScoped
public class VmDiscovery {

    static final String SOURCE = "discovery-service";
    private static final Logger LOG = Logger.getLogger(VmDiscovery.class);

    private final VsphereGateway vsphere;
    private final InventoryService inventory;
    private final Outbox outbox;

    public VmDiscovery(VsphereGateway vsphere, InventoryService inventory, Outbox outbox) {
        this.vsphere = vsphere;
        this.inventory = inventory;
        this.outbox = outbox;
    }

    @Transactional(TxType.MANDATORY)
    public void discover(EventEnvelope trigger, MigrationRequested request) {
        MigrationEvent outcome = outcome(request);
        if (outcome instanceof MigrationFailed failed) {
            LOG.warnf("Discovery of %s (%s) failed: %s", request.vmId(), request.vmName(), failed.reason());
        } else {
            LOG.infof("Discovered %s (%s)", request.vmId(), request.vmName());
        }
        outbox.publish(EventEnvelope.of(SOURCE, trigger.migrationId(), outcome));
    }

    private MigrationEvent outcome(MigrationRequested request) {
        Optional<InventoryVm> vm;
        try {
            vm = vsphere.readVm(request.vmId());
        } catch (VcenterAuthenticationException e) {
            return failed(e.getMessage(), false);
        } catch (VcenterUnavailableException e) {
            return failed("vCenter did not answer after several attempts: " + e.getMessage(), true);
        } catch (VcenterException e) {
            return failed("vCenter could not describe VM " + request.vmId() + ": " + e.getMessage(), true);
        }
        inventory.apply(request.vmId(), vm);
        if (vm.isEmpty()) {
            return failed("VM " + request.vmId() + " ('" + request.vmName() + "') no longer exists in vCenter; "
                    + "it was deleted or re-registered under a new id. Pick it again from the inventory.", false);
        }
        InventoryVm found = vm.get();
        if (found.template()) {
            return failed("VM " + found.id() + " ('" + found.name() + "') is a template; templates are not migrated.", false);
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
