package io.traverse.disktransfer.dispatch;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.traverse.disktransfer.config.DiskTransferConfig;
import io.traverse.disktransfer.sync.SyncRequest;
import io.traverse.events.DiskSyncRequested;
import io.traverse.events.EventEnvelope;
import io.traverse.events.MigrationCancelled;
import io.traverse.events.MigrationFailed;
import io.traverse.events.Phase;
import io.traverse.events.VmMapped;
import io.traverse.jobs.JobLauncher;
import io.traverse.jobs.JobPhase;
import io.traverse.jobs.JobSpec;
import io.traverse.jobs.JobStatus;
import io.traverse.support.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The long-running half of disk-transfer-worker: queues a sync round per trigger (one row per migration and round,
 * so redeliveries queue nothing; a new attempt of a round that failed is queued again, see {@link SyncJobs#queue}),
 * launches queued rounds as Jobs within the concurrency limits (in total, per source
 * host, one round per migration at a time) with their share of the bandwidth limits, and turns a Job that failed
 * (retries exhausted, evicted, deleted) into {@code migration.failed} and a sweep of that VM's leftover snapshots.
 * {@code migration.cancelled} drops the migration's queued rounds, stops its running Job through the launcher and
 * sweeps the VM's Traverse snapshots once the Job has ended.
 */
@ApplicationScoped
public class SyncDispatcher {

    private static final Logger LOG = Logger.getLogger(SyncDispatcher.class);
    public static final String KIND = "disk-transfer";
    private static final String SOURCE = "disk-transfer-worker";

    private final SyncJobs jobs;
    private final JobLauncher launcher;
    private final Outbox outbox;
    private final DiskTransferConfig config;
    private final SnapshotSweeper sweeper;
    private final TransactionSynchronizationRegistry tx;
    private AutoCloseable watch;

    public SyncDispatcher(SyncJobs jobs, JobLauncher launcher, Outbox outbox, DiskTransferConfig config, SnapshotSweeper sweeper,
                          TransactionSynchronizationRegistry tx) {
        this.tx = tx;
        this.jobs = jobs;
        this.launcher = launcher;
        this.outbox = outbox;
        this.config = config;
        this.sweeper = sweeper;
    }

    private boolean dispatcherMode() {
        return !"job".equals(config.mode());
    }

    void start(@Observes StartupEvent ignored) {
        if (!dispatcherMode()) {
            return;
        }
        watch = launcher.watch(this::onJob);
        if (config.sweepSnapshotsOnStart()) {
            CompletableFuture.runAsync(() -> {
                int n = sweeper.sweep(jobs.idleVms());
                LOG.infof("Start-up sweep removed %d leftover Traverse snapshot(s)", n);
            });
        }
    }

    void stop(@Observes ShutdownEvent ignored) throws Exception {
        if (watch != null) {
            watch.close();
        }
    }

    /**
     * {@code disk-transfer-<migration>-r<round>}, and {@code …-r<round>-a<attempt>} from the second attempt on: the
     * launchers take a known name for "already ran" (Kubernetes keeps a finished Job until its TTL), so a new attempt
     * needs a name of its own.
     */
    public static String jobName(UUID migrationId, int round, int attempt) {
        return JobSpec.name(KIND, migrationId, "r" + round + (attempt > 1 ? "-a" + attempt : ""));
    }

    /** vm.mapped: round 1 (cold: also the cutover). */
    @Transactional(TxType.MANDATORY)
    public void firstRound(EventEnvelope vmMapped) {
        VmMapped m = (VmMapped) vmMapped.data();
        if (jobs.isCancelled(vmMapped.migrationId())) {
            LOG.infof("vm.mapped for %s arrived after migration %s was cancelled; nothing queued", m.vm().name(), vmMapped.migrationId());
            return;
        }
        SyncRequest r = SyncRequest.firstRound(vmMapped.migrationId(), m);
        jobs.saveMapping(vmMapped, false);
        SyncJobs.Queued q = jobs.queue(vmMapped.id(), r.migrationId(), 1, r.cutover(), r.cbtSync(), m.vm().host());
        if (q == SyncJobs.Queued.RETRY) {
            jobs.saveMapping(vmMapped, true); // the new attempt's mapping (ports, flavor, …) is the one its rounds use
        }
        logQueued(q, r.migrationId(), 1, m.vm().name() + " (" + m.request().mode() + ")", r.cutover(), r.cbtSync());
    }

    /** disk.sync.requested: a later round or the cutover. */
    @Transactional(TxType.MANDATORY)
    public void laterRound(EventEnvelope event) {
        DiskSyncRequested d = (DiskSyncRequested) event.data();
        if (jobs.isCancelled(event.migrationId())) {
            LOG.infof("Round %d of migration %s requested after its cancellation; nothing queued", d.round(), event.migrationId());
            return;
        }
        var mapped = jobs.mapping(event.migrationId());
        if (mapped.isEmpty()) {
            outbox.publish(EventEnvelope.of(SOURCE, event.migrationId(), new MigrationFailed(Phase.DISK_SYNC,
                    "round " + d.round() + " was requested before the migration's first round (no vm.mapped seen)", true)));
            return;
        }
        VmMapped m = (VmMapped) mapped.get().data();
        SyncJobs.Queued q = jobs.queue(event.id(), event.migrationId(), d.round(), d.cutover(), d.cbtSync(), m.vm().host());
        logQueued(q, event.migrationId(), d.round(), m.vm().name(), d.cutover(), d.cbtSync());
    }

    private void logQueued(SyncJobs.Queued q, UUID migrationId, int round, String vm, boolean cutover, boolean cbt) {
        switch (q) {
            case FIRST -> LOG.infof("Queued round %d of %s (cutover=%s, cbt=%s)", round, vm, cutover, cbt);
            case RETRY -> LOG.infof("Queued round %d of %s again as attempt %d (cutover=%s, cbt=%s): the migration is retried "
                    + "after the round failed", round, vm, jobs.find(migrationId, round).map(SyncJobs.Row::attempt).orElse(0), cutover, cbt);
            case REDELIVERED -> LOG.debugf("Round %d of migration %s: the same trigger again; nothing queued", round, migrationId);
            case KNOWN -> LOG.infof("Round %d of migration %s is already %s; nothing queued", round, migrationId,
                    jobs.find(migrationId, round).map(r -> r.state().name()).orElse("known"));
        }
    }

    /**
     * migration.cancelled: its queued rounds will not start, and once this transaction has committed (so the Job's
     * end is seen as cancelled, not as a failure) its running Job is stopped through the launcher. The Job removes its
     * snapshot itself when it is stopped gracefully; the sweep in {@link #onJob} removes what a killed one left.
     */
    @Transactional(TxType.MANDATORY)
    public void cancelled(EventEnvelope event) {
        MigrationCancelled c = (MigrationCancelled) event.data();
        List<SyncJobs.Row> open = jobs.cancel(event.migrationId(), "cancelled by " + c.requestedBy() + ": " + c.reason());
        List<String> running = open.stream().filter(r -> r.state() == SyncJobs.State.RUNNING).map(SyncJobs.Row::jobName).toList();
        LOG.infof("Migration %s cancelled (%s): %d queued round(s) dropped, %d running Job(s) to stop", event.migrationId(),
                c.reason(), open.size() - running.size(), running.size());
        String vm = jobs.mapping(event.migrationId()).map(e -> ((VmMapped) e.data()).vm().id()).orElse(null);
        tx.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    return;
                }
                CompletableFuture.runAsync(() -> {
                    running.forEach(launcher::cancel);
                    if (running.isEmpty() && vm != null) { // nothing running: sweep what an earlier killed Job left
                        sweeper.sweep(List.of(vm));
                    }
                });
            }
        });
    }

    /** Launches what the limits allow; runs every second and right after a Job ends. */
    @Scheduled(every = "${traverse.disk-transfer.dispatch-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void dispatch() {
        if (!dispatcherMode()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(this::dispatchLocked);
    }

    private synchronized void dispatchLocked() {
        List<SyncJobs.Row> running = jobs.running();
        List<SyncJobs.Row> admitted = admit(running, jobs.lockQueued(100), config.concurrency().total(),
                config.concurrency().perSourceHost());
        Map<String, Integer> perHost = countPerHost(running);
        int total = running.size();
        for (SyncJobs.Row q : admitted) {
            total++;
            int onHost = perHost.merge(q.sourceHost(), 1, Integer::sum);
            long bps = bandwidthShare(config.bandwidth().totalMbPerSecond(), config.bandwidth().perSourceHostMbPerSecond(),
                    total, onHost);
            String vm = jobs.mapping(q.migrationId()).map(e -> ((VmMapped) e.data()).vm().id()).orElse("unknown");
            List<String> args = new ArrayList<>(List.of("sync", "--migration", q.migrationId().toString(),
                    "--round", Integer.toString(q.round())));
            if (bps > 0) {
                args.addAll(List.of("--bandwidth-bps", Long.toString(bps)));
            }
            JobStatus s = launcher.launch(new JobSpec(q.jobName(), KIND, q.migrationId(), vm, args, Map.of()));
            jobs.markRunning(q.jobName(), bps);
            LOG.infof("Launched %s (%s)%s", q.jobName(), s.phase(), bps > 0 ? " at " + bps / (1 << 20) + " MB/s" : "");
        }
    }

    private static Map<String, Integer> countPerHost(List<SyncJobs.Row> rows) {
        Map<String, Integer> m = new HashMap<>();
        rows.forEach(r -> m.merge(r.sourceHost(), 1, Integer::sum));
        return m;
    }

    /**
     * The queued rounds (oldest first) that may start now: at most {@code maxTotal} running in all, {@code maxPerHost}
     * per source host, and one round per migration (a later round waits for the one before).
     */
    static List<SyncJobs.Row> admit(List<SyncJobs.Row> running, List<SyncJobs.Row> queued, int maxTotal, int maxPerHost) {
        Map<String, Integer> perHost = countPerHost(running);
        Set<UUID> busy = new HashSet<>();
        running.forEach(r -> busy.add(r.migrationId()));
        int total = running.size();
        List<SyncJobs.Row> out = new ArrayList<>();
        for (SyncJobs.Row q : queued) {
            if (total >= maxTotal) {
                break;
            }
            if (perHost.getOrDefault(q.sourceHost(), 0) >= maxPerHost || busy.contains(q.migrationId())) {
                continue;
            }
            out.add(q);
            total++;
            perHost.merge(q.sourceHost(), 1, Integer::sum);
            busy.add(q.migrationId());
        }
        return out;
    }

    /** A Job's even share of the total and per-host limits in MB/s, as bytes/s (0 = unlimited). */
    static long bandwidthShare(double totalMbps, double hostMbps, int jobsTotal, int jobsOnHost) {
        double share = Double.MAX_VALUE;
        if (totalMbps > 0) {
            share = Math.min(share, totalMbps / jobsTotal);
        }
        if (hostMbps > 0) {
            share = Math.min(share, hostMbps / jobsOnHost);
        }
        return share == Double.MAX_VALUE ? 0 : (long) (share * 1024 * 1024);
    }

    /** Called by the launcher's watch. */
    void onJob(JobStatus s) {
        if (!KIND.equals(s.kind()) || !s.phase().isFinal()) {
            return;
        }
        boolean cancelled = jobs.find(s.name()).map(r -> r.state() == SyncJobs.State.CANCELLED).orElse(false);
        if (cancelled) {
            LOG.infof("Cancelled Job %s ended (%s)", s.name(), s.reason() == null ? s.phase() : s.reason());
            if (s.vmId() != null) {
                CompletableFuture.runAsync(() -> sweeper.sweep(List.of(s.vmId())));
            }
        } else if (s.phase() == JobPhase.SUCCEEDED) {
            QuarkusTransaction.requiringNew().run(() -> jobs.finish(s.name(), SyncJobs.State.RUNNING, SyncJobs.State.SUCCEEDED, null));
        } else {
            boolean first = QuarkusTransaction.requiringNew().call(() -> {
                if (!jobs.finish(s.name(), SyncJobs.State.RUNNING, SyncJobs.State.FAILED, s.reason())) {
                    return false;
                }
                // the reason leads with the Job's own word (e.g. "source disk [ds] vm/vm.vmdk not found (HTTP 404)");
                // a permanent failure (exit code 3) will fail again, so it is not retryable
                outbox.publish(EventEnvelope.of(SOURCE, s.migrationId(), new MigrationFailed(Phase.DISK_SYNC,
                        "disk sync job " + s.name() + " failed: " + s.reason(), !s.permanent())));
                return true;
            });
            if (first && s.vmId() != null) {
                CompletableFuture.runAsync(() -> sweeper.sweep(List.of(s.vmId())));
            }
        }
        CompletableFuture.runAsync(this::dispatch);
    }
}
