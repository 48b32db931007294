package io.traverse.discovery.inventory;

import com.vmware.vim25.mo.ServiceInstance;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.traverse.discovery.vcenter.VcenterUnavailableException;
import io.traverse.discovery.vcenter.VcenterSession;
import io.traverse.events.InventoryChange;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the mirror current between full syncs by following vCenter's changes ({@link InventoryFeed}, i.e.
 * {@code WaitForUpdatesEx}) on a thread of its own. On start, and whenever the session was replaced (expired,
 * terminated, vCenter restarted) or the collector's version became invalid, it opens a new feed, whose first answer is
 * the whole inventory: the mirror is re-synced from it. After that each batch of changes updates only the VMs it
 * touched (or, when hosts, clusters, datastores or networks changed, everything from the feed's objects, without
 * reading vCenter again) and goes out as one {@code inventory.changed}.
 *
 * <p>It never logs in by itself: while the session is not connected (wrong password, vCenter down) it waits for
 * {@code VcenterWatchdog} to restore it, so a wrong password is not retried faster than the watchdog's backoff.
 */
@ApplicationScoped
public class InventoryWatcher {

    private static final Logger LOG = Logger.getLogger(InventoryWatcher.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** What the watcher has done, for tests and operators. */
    public record Status(boolean following, String version, Instant lastChangeAt, long batches, long resyncs,
                         String lastError) {
    }

    private final VcenterSession session;
    private final InventoryService inventory;
    private final InventorySync sync;
    private final InventoryConfig config;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile InventoryFeed feed;
    private volatile Instant lastChangeAt;
    private volatile long batches;
    private volatile long resyncs;
    private volatile String lastError;

    public InventoryWatcher(VcenterSession session, InventoryService inventory, InventorySync sync, InventoryConfig config) {
        this.session = session;
        this.inventory = inventory;
        this.sync = sync;
        this.config = config;
    }

    void onStart(@Observes StartupEvent ignored) {
        if (config.watch()) {
            start();
        }
    }

    /** Stopped before the session logs out (lower priority value: observed earlier). */
    void onStop(@Observes @Priority(1000) ShutdownEvent ignored) {
        stop();
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread t = new Thread(this::run, "inventory-watcher");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    synchronized void stop() {
        running = false;
        InventoryFeed f = feed;
        if (f != null) {
            f.cancel();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
        f = feed;
        feed = null;
        if (f != null) {
            f.close();
        }
    }

    public Status status() {
        InventoryFeed f = feed;
        return new Status(running && f != null && !f.version().isEmpty(), f == null ? null : f.version(), lastChangeAt,
                batches, resyncs, lastError);
    }

    private void run() {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            if (session.status().state() != VcenterSession.State.CONNECTED) {
                pause(Duration.ofSeconds(1)); // the watchdog logs in (with its own backoff)
                continue;
            }
            try {
                session.call("follow inventory changes", si -> {
                    step(si);
                    return null;
                });
                backoff = Duration.ofSeconds(1);
                if (lastError != null) {
                    LOG.infof("Following vCenter inventory changes again");
                    lastError = null;
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                if (!(e instanceof VcenterUnavailableException)) {
                    dropFeed(); // e.g. InvalidCollectorVersion: start over with a full read
                }
                String message = String.valueOf(e.getMessage());
                if (!message.equals(lastError)) {
                    LOG.warnf("Inventory watcher: %s; retrying in %s", message, backoff);
                }
                lastError = message;
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void step(ServiceInstance si) throws Exception {
        InventoryFeed f = feed;
        if (f == null || f.session() != si) {
            if (f != null) {
                f.close(); // a new session: the old collector is gone or soon will be
            }
            f = InventoryFeed.open(si);
            feed = f;
        }
        int wait = (int) Math.max(1, config.watchWait().toSeconds());
        InventoryFeed.Changes changes = f.next(wait);
        if (!running || changes.isEmpty()) {
            return;
        }
        if (changes.full()) {
            resyncs++;
            InventorySnapshot snapshot = f.snapshot(changes.readAt());
            List<InventoryChange> announced = inventory.apply(snapshot);
            sync.fullSyncDone(snapshot.readAt());
            LOG.infof("Inventory watcher (re)synced the mirror: %d VMs, %d changes, version %s", snapshot.vms().size(),
                    announced.size(), f.version());
            return;
        }
        batches++;
        lastChangeAt = Instant.now();
        List<InventoryChange> announced;
        if (changes.topology()) {
            announced = inventory.apply(f.snapshot(changes.readAt()));
        } else {
            List<InventoryVm> changed = new ArrayList<>();
            for (String id : changes.vms()) {
                f.vm(id).ifPresent(changed::add);
            }
            announced = inventory.apply(changed, List.copyOf(changes.goneVms()), changes.readAt());
        }
        LOG.debugf("Inventory watcher applied %d VM(s) changed, %d gone, topology %s: %d announced (version %s)",
                changes.vms().size(), changes.goneVms().size(), changes.topology(), announced.size(), f.version());
    }

    private void dropFeed() {
        InventoryFeed f = feed;
        feed = null;
        if (f != null) {
            f.close();
        }
    }

    /** The feed's VM, for tests. */
    Optional<InventoryVm> known(String vmId) {
        InventoryFeed f = feed;
        return f == null ? Optional.empty() : f.vm(vmId);
    }

    private void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            if (!running) {
                return;
            }
            Thread.currentThread().interrupt();
        }
    }
}
