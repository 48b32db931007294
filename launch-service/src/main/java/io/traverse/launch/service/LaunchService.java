package io.traverse.launch.service;

import io.traverse.events.EventEnvelope;
import io.traverse.events.InstanceActive;
import io.traverse.events.MigrationCancelled;
import io.traverse.events.MigrationFailed;
import io.traverse.events.Phase;
import io.traverse.events.VmConverted;
import io.traverse.launch.Launch;
import io.traverse.launch.LaunchState;
import io.traverse.launch.config.LaunchConfig;
import io.traverse.support.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The transaction boundary of launch-service: every change of a launch's state, and the event that announces it, is
 * written here in one transaction (the event through the outbox). The slow OpenStack work happens outside, in
 * {@link Launcher} and {@link Cleaner}, driven by {@link LaunchDispatcher}.
 */
@ApplicationScoped
@Transactional(TxType.REQUIRED)
public class LaunchService {

    private static final Logger LOG = Logger.getLogger(LaunchService.class);
    public static final String SOURCE = "launch-service";

    private final LaunchStore store;
    private final Outbox outbox;
    private final LaunchConfig config;

    public LaunchService(LaunchStore store, Outbox outbox, LaunchConfig config) {
        this.store = store;
        this.outbox = outbox;
        this.config = config;
    }

    /**
     * vm.converted: queue the launch. A migration has one launch whatever arrives: a second vm.converted (migration-api
     * retrying after a failure, or re-running the final sync while the launch waits for capacity) refreshes a queued
     * or failed launch, asks an ACTIVE one to be verified and announced again, and is ignored while launching or after
     * a cancel.
     */
    @Transactional(TxType.MANDATORY)
    public void accept(EventEnvelope event) {
        UUID id = event.migrationId();
        VmConverted c = (VmConverted) event.data();
        if (store.cleanup(id).isPresent()) {
            LOG.infof("vm.converted for %s after its cancellation: not launching", id);
            return;
        }
        Optional<Launch> existing = store.lock(id);
        if (existing.isEmpty()) {
            String name = InstanceNaming.name(config.instanceNamePattern(), c.mapping().vm().name(),
                    c.mapping().vm().id(), id);
            store.insert(id, name, c);
            LOG.infof("Queued the launch of %s as %s (%d volume(s), %d port(s), flavor %s, zone %s)",
                    c.mapping().vm().name(), name, c.volumeIds().size(), c.mapping().ports().size(),
                    c.mapping().flavor().name(), c.mapping().availabilityZone());
            return;
        }
        Launch l = existing.get();
        switch (l.state()) {
            case PENDING, WAITING_CAPACITY, FAILED, ACTIVE -> {
                store.requeue(id, c, switch (l.state()) {
                    case FAILED -> "launch requested again after: " + l.detail();
                    case ACTIVE -> "vm.converted again: verifying the instance and announcing it again";
                    default -> l.detail();
                });
                LOG.infof("vm.converted again for %s (%s): launch %s", id, l.state(),
                        l.state() == LaunchState.FAILED ? "queued again" : l.state() == LaunchState.ACTIVE
                                ? "re-verified, no second instance" : "request refreshed, still queued");
            }
            case LAUNCHING -> LOG.infof("vm.converted again for %s while launching: ignored", id);
            case CANCELLED, CLEANED_UP -> LOG.infof("vm.converted for cancelled %s: ignored", id);
        }
    }

    /** migration.cancelled (cancel, rollback, Reset): stop launching, clean up what Traverse created. */
    @Transactional(TxType.MANDATORY)
    public void cancelled(EventEnvelope event) {
        MigrationCancelled c = (MigrationCancelled) event.data();
        requestCleanup(event.migrationId(), null, c.reason() + " (" + c.requestedBy() + ")");
    }

    /** Asks for the cleanup of a migration's target resources; the launch (if any) is cancelled. */
    public LaunchStore.CleanupRow requestCleanup(UUID migrationId, String sourceVmId, String reason) {
        Optional<Launch> l = store.lock(migrationId);
        String vm = sourceVmId != null ? sourceVmId : l.map(Launch::vmId).orElse(null);
        l.filter(x -> !x.state().isCancelled())
                .ifPresent(x -> store.setState(migrationId, LaunchState.CANCELLED, "cancelled: " + reason));
        store.requestCleanup(migrationId, vm, reason);
        LOG.infof("Cleanup of %s requested: %s", migrationId, reason);
        return store.cleanup(migrationId).orElseThrow();
    }

    /**
     * The Migration Monitor's Reset from launch-service's side: every migration that has a Traverse server on the
     * target (by tag and metadata, whoever launched it) or a launch here that is not cleaned up gets a cleanup.
     * Returns the migrations. Existing workloads carry no Traverse tag and are never among them.
     */
    public List<UUID> resetAll(java.util.Collection<UUID> onTarget, String by) {
        java.util.Set<UUID> ids = new java.util.LinkedHashSet<>(onTarget);
        store.list(10_000).stream().filter(l -> l.state() != LaunchState.CLEANED_UP).forEach(l -> ids.add(l.migrationId()));
        ids.forEach(id -> requestCleanup(id, null, "reset by " + by));
        return List.copyOf(ids);
    }

    /** The launch is admitted: it starts now. */
    public void admitted(UUID migrationId, String why) {
        store.markLaunching(migrationId, why);
    }

    /**
     * The capacity guard said wait. The first time in a wait, migration-api is told through the signal it models
     * as WAITING_CAPACITY: a retryable {@code migration.failed} of phase LAUNCH whose reason starts with
     * "waiting for capacity". The launch itself stays queued here and starts when capacity frees up.
     */
    public void waiting(Launch l, String reason) {
        boolean signal = !l.capacitySignalled();
        store.markWaiting(l.migrationId(), "waiting for capacity: " + reason, signal);
        if (signal) {
            outbox.publish(EventEnvelope.of(SOURCE, l.migrationId(), new MigrationFailed(Phase.LAUNCH,
                    "waiting for capacity: " + reason + "; the launch starts when capacity frees up", true)));
            LOG.infof("Launch of %s waits for capacity: %s", l.instanceName(), reason);
        }
    }

    /** The server is created: remember its id (a restart resumes polling it). */
    public void serverCreated(UUID migrationId, String instanceId) {
        store.setInstance(migrationId, instanceId);
    }

    /** ACTIVE with its IP on the expected port: instance.active. False when the launch was cancelled meanwhile. */
    public boolean activated(UUID migrationId, InstanceActive active) {
        Optional<Launch> l = store.lock(migrationId);
        if (l.isEmpty() || l.get().state() != LaunchState.LAUNCHING) {
            return false;
        }
        store.setInstance(migrationId, active.instanceId());
        store.setState(migrationId, LaunchState.ACTIVE, active.instanceName() + " ACTIVE at "
                + String.join(", ", active.ipAddresses()));
        outbox.publish(EventEnvelope.of(SOURCE, migrationId, active));
        LOG.infof("Instance %s (%s) ACTIVE at %s", active.instanceName(), active.instanceId(), active.ipAddresses());
        return true;
    }

    /** The launch gave up: migration.failed. False when the launch was cancelled meanwhile (nothing published). */
    public boolean failed(UUID migrationId, String reason, boolean retryable) {
        Optional<Launch> l = store.lock(migrationId);
        if (l.isEmpty() || l.get().state().isCancelled()) {
            return false;
        }
        store.setState(migrationId, LaunchState.FAILED, reason);
        outbox.publish(EventEnvelope.of(SOURCE, migrationId, new MigrationFailed(Phase.LAUNCH, reason, retryable)));
        LOG.warnf("Launch of %s failed (%s): %s", l.get().instanceName(), retryable ? "retryable" : "final", reason);
        return true;
    }

    /** The cleanup finished; the launch (if any) is marked cleaned up. */
    public void cleanedUp(UUID migrationId) {
        store.lock(migrationId).ifPresent(l -> store.setState(migrationId, LaunchState.CLEANED_UP, "cleaned up"));
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<Launch> find(UUID migrationId) {
        return store.find(migrationId);
    }

    @Transactional(TxType.SUPPORTS)
    public List<Launch> list(int limit) {
        return store.list(limit);
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<LaunchStore.CleanupRow> cleanup(UUID migrationId) {
        return store.cleanup(migrationId);
    }

    @Transactional(TxType.SUPPORTS)
    public boolean isCancelled(UUID migrationId) {
        return store.find(migrationId).map(l -> l.state().isCancelled()).orElse(false);
    }
}
