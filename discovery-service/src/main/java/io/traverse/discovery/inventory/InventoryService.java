package io.traverse.discovery.inventory;

import io.traverse.discovery.vcenter.VcenterSession;
import io.traverse.events.EventEnvelope;
import io.traverse.events.InventoryChange;
import io.traverse.events.InventoryChanged;
import io.traverse.support.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Applies what was read from vCenter to the mirror and announces VM changes as {@code inventory.changed}. */
@ApplicationScoped
@Transactional(TxType.REQUIRED)
public class InventoryService {

    static final String SOURCE = "discovery-service";
    private static final Logger LOG = Logger.getLogger(InventoryService.class);

    private final InventoryStore store;
    private final Outbox outbox;
    private final VcenterSession session;

    public InventoryService(InventoryStore store, Outbox outbox, VcenterSession session) {
        this.store = store;
        this.outbox = outbox;
        this.session = session;
    }

    /** Replaces the mirror with a full read; returns the announced changes. */
    public List<InventoryChange> apply(InventorySnapshot snapshot) {
        List<InventoryChange> changes = store.replace(snapshot);
        announce(changes);
        return changes;
    }

    /** Updates one VM from a read that started at {@code readAt} (empty: vCenter no longer has it). */
    public Optional<InventoryChange> apply(String vmId, Optional<InventoryVm> vm, Instant readAt) {
        Optional<InventoryChange> change = vm.isPresent() ? store.put(vm.get(), readAt) : store.remove(vmId, readAt);
        change.ifPresent(c -> announce(List.of(c)));
        return change;
    }

    /**
     * Applies what changed since the last update (VMs changed or added, VMs gone), as read at {@code readAt}; the
     * changes go out as one {@code inventory.changed}.
     */
    public List<InventoryChange> apply(List<InventoryVm> changed, List<String> gone, Instant readAt) {
        List<InventoryChange> changes = new ArrayList<>();
        changed.forEach(vm -> store.put(vm, readAt).ifPresent(changes::add));
        gone.forEach(id -> store.remove(id, readAt).ifPresent(changes::add));
        announce(changes);
        return changes;
    }

    private void announce(List<InventoryChange> changes) {
        if (!changes.isEmpty()) {
            LOG.infof("Inventory of %s changed: %d VM(s)", session.vcenterName(), changes.size());
            outbox.publish(EventEnvelope.of(SOURCE, null, new InventoryChanged(session.vcenterName(), changes)));
        }
    }
}
