package io.traverse.discovery.inventory;

import io.quarkus.scheduler.Scheduled;
import io.traverse.discovery.vcenter.VcenterException;
import io.traverse.discovery.vcenter.VsphereGateway;
import io.traverse.events.InventoryChange;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Full and single-VM syncs of the mirror: a full sync every {@code traverse.inventory.refresh-interval} (a safety net
 * beside {@link InventoryWatcher}, skipped when one ran recently), on demand ({@code POST /api/inventory/refresh}),
 * and a single-VM refresh after each source operation and Phase-1 read. The vCenter read happens
 * outside any database transaction; only applying it is transactional.
 */
@ApplicationScoped
public class InventorySync {

    private static final Logger LOG = Logger.getLogger(InventorySync.class);

    private final VsphereGateway vsphere;
    private final InventoryService inventory;
    private final InventoryConfig config;
    private final ReentrantLock fullSync = new ReentrantLock();
    private volatile Instant lastFullSync;

    public InventorySync(VsphereGateway vsphere, InventoryService inventory, InventoryConfig config) {
        this.vsphere = vsphere;
        this.inventory = inventory;
        this.config = config;
    }

    /** What one full sync did. */
    public record Result(Instant syncedAt, int vms, List<InventoryChange> changes, Duration took) {
    }

    @Scheduled(every = "${traverse.inventory.refresh-interval:10m}", delayed = "${traverse.inventory.initial-delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodic() {
        Instant last = lastFullSync;
        if (last != null && last.isAfter(Instant.now().minus(config.refreshInterval()).plusSeconds(5))) {
            return; // the watcher re-synced recently
        }
        try {
            refresh();
        } catch (VcenterException e) {
            LOG.warnf("Periodic inventory sync skipped: %s", e.getMessage());
        }
    }

    /** A full sync now (waits for one already running, then runs its own so the result is fresh). */
    public Result refresh() {
        fullSync.lock();
        try {
            long t0 = System.nanoTime();
            InventorySnapshot snapshot = vsphere.readInventory();
            List<InventoryChange> changes = inventory.apply(snapshot);
            fullSyncDone(snapshot.readAt());
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            LOG.debugf("Inventory synced: %d VMs, %d changes, %d ms", snapshot.vms().size(), changes.size(), took.toMillis());
            return new Result(snapshot.readAt(), snapshot.vms().size(), changes, took);
        } finally {
            fullSync.unlock();
        }
    }

    /** When the last full sync (a bulk read or the watcher's re-sync) started reading; null before the first. */
    public Instant lastFullSync() {
        return lastFullSync;
    }

    /** Records a full sync (also the watcher's), so the periodic one can skip. */
    void fullSyncDone(Instant readAt) {
        lastFullSync = readAt;
    }

    /** Re-reads one VM and applies it; returns the fresh VM, or empty when vCenter no longer has it. */
    public Optional<InventoryVm> refreshVm(String vmId) {
        Instant started = Instant.now();
        Optional<InventoryVm> vm = vsphere.readVm(vmId);
        inventory.apply(vmId, vm, started);
        return vm;
    }
}
