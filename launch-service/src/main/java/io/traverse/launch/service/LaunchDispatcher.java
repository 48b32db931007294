package io.traverse.launch.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.traverse.launch.Launch;
import io.traverse.launch.LaunchState;
import io.traverse.launch.config.LaunchConfig;
import io.traverse.launch.openstack.TargetCloud;
import io.traverse.launch.openstack.TargetCloud.ServerView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Drives launches and cleanups, every {@code traverse.launch.dispatch-interval}:
 * <ol>
 *   <li><b>Admission</b> (one transaction, under a PostgreSQL advisory lock so replicas never admit at once): the
 *       queued launches, oldest first, pass the {@link CapacityGuard} — Traverse's instances on the target (counted
 *       from Nova by tag, plus launches admitted but not created yet), the launches in flight, the project's compute
 *       quota. Admitted ones become LAUNCHING; the first that does not fit, and every one behind it, waits
 *       (WAITING_CAPACITY, signalled once to migration-api). A launch whose own server already exists is re-admitted
 *       without a slot: it takes none.</li>
 *   <li><b>Launching</b>: every LAUNCHING launch not running in this process (admitted just now, or left by a
 *       restart) runs on a worker thread ({@link Launcher}).</li>
 *   <li><b>Cleanups</b> that are due run on a worker thread ({@link Cleaner}), never while a launch of the same
 *       migration still runs; a failed one is tried again with backoff.</li>
 * </ol>
 */
@ApplicationScoped
public class LaunchDispatcher {

    private static final Logger LOG = Logger.getLogger(LaunchDispatcher.class);
    /** Advisory lock key of the admission round: "launch" in ASCII. */
    private static final long ADMISSION_LOCK = 0x6c61756e6368L;

    private final LaunchStore store;
    private final LaunchService service;
    private final Launcher launcher;
    private final Cleaner cleaner;
    private final TargetCloud cloud;
    private final LaunchConfig config;
    private final DataSource dataSource;
    private final ExecutorService workers;
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final Set<UUID> cleaning = ConcurrentHashMap.newKeySet();

    public LaunchDispatcher(LaunchStore store, LaunchService service, Launcher launcher, Cleaner cleaner,
                            TargetCloud cloud, LaunchConfig config, DataSource dataSource) {
        this.store = store;
        this.service = service;
        this.launcher = launcher;
        this.cleaner = cleaner;
        this.cloud = cloud;
        this.config = config;
        this.dataSource = dataSource;
        this.workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("launch-", 0).factory());
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Scheduled(every = "${traverse.launch.dispatch-interval:2s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            admit();
        } catch (RuntimeException e) {
            LOG.warnf("Admission round failed, trying again next round: %s", e.getMessage());
        }
        for (Launch l : store.inState(LaunchState.LAUNCHING)) {
            if (running.add(l.migrationId())) {
                workers.submit(() -> {
                    try {
                        launcher.run(l);
                    } finally {
                        running.remove(l.migrationId());
                    }
                });
            }
        }
        try {
            cleanups();
        } catch (RuntimeException e) {
            LOG.warnf("Cleanup round failed, trying again next round: %s", e.getMessage());
        }
    }

    /** One admission round; returns the migrations admitted. */
    List<UUID> admit() {
        if (!store.anyQueued()) {
            return List.of();
        }
        // read the target before the transaction, so no row lock waits on Nova; launches admitted since are LAUNCHING
        // rows and counted below, servers deleted since only make this round more careful than it needs to be
        Set<UUID> onTarget = new HashSet<>();
        for (ServerView s : cloud.traverseServers()) {
            s.migrationId().ifPresent(onTarget::add);
        }
        Optional<CapacityGuard.Quota> quotaNow = config.capacity().checkQuota()
                ? Optional.of(cloud.computeQuota()) : Optional.empty();
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!tryAdvisoryLock()) {
                return List.of();
            }
            List<Launch> queued = store.lockQueued(100);
            if (queued.isEmpty()) {
                return List.of();
            }
            Set<UUID> launching = new HashSet<>();
            Optional<CapacityGuard.Quota> quota = quotaNow;
            for (Launch l : store.inState(LaunchState.LAUNCHING)) {
                launching.add(l.migrationId());
                if (!onTarget.contains(l.migrationId())) { // admitted, server not created yet: not in Nova's usage
                    quota = quota.map(q -> new CapacityGuard.Quota(q.maxInstances(), q.usedInstances() + 1,
                            q.maxCores(), q.usedCores() + l.vcpus(), q.maxRamMb(), q.usedRamMb() + l.ramMb()));
                }
            }
            Set<UUID> occupied = new HashSet<>(onTarget);
            occupied.addAll(launching);
            int instances = occupied.size();
            int inFlight = launching.size();
            List<UUID> admitted = new ArrayList<>();
            String blockedBy = null;
            for (Launch l : queued) {
                if (onTarget.contains(l.migrationId())) {
                    service.admitted(l.migrationId(), "its server already exists on the target: verifying it");
                    admitted.add(l.migrationId());
                    inFlight++;
                    continue;
                }
                CapacityGuard.Decision d = blockedBy != null
                        ? new CapacityGuard.Wait(blockedBy + " (queued behind earlier launches)")
                        : CapacityGuard.decide(config.capacity().maxInstances(), config.capacity().maxInFlight(),
                                instances, inFlight, quota, l.vcpus(), l.ramMb());
                switch (d) {
                    case CapacityGuard.Admit a -> {
                        service.admitted(l.migrationId(), "admitted; " + a.reason());
                        admitted.add(l.migrationId());
                        instances++;
                        inFlight++;
                        quota = quota.map(q -> new CapacityGuard.Quota(q.maxInstances(), q.usedInstances() + 1,
                                q.maxCores(), q.usedCores() + l.vcpus(), q.maxRamMb(), q.usedRamMb() + l.ramMb()));
                    }
                    case CapacityGuard.Wait w -> {
                        service.waiting(l, w.reason());
                        blockedBy = blockedBy == null ? w.reason() : blockedBy;
                    }
                    case CapacityGuard.Never n -> service.failed(l.migrationId(), n.reason(), false);
                }
            }
            if (!admitted.isEmpty()) {
                LOG.infof("Admitted %d launch(es); %d Traverse instance(s) on the target or starting, %d in flight",
                        admitted.size(), instances, inFlight);
            }
            return admitted;
        });
    }

    private void cleanups() {
        List<LaunchStore.CleanupRow> due = QuarkusTransaction.requiringNew().call(() -> store.lockDueCleanups(20));
        for (LaunchStore.CleanupRow c : due) {
            if (running.contains(c.migrationId()) || !cleaning.add(c.migrationId())) {
                continue; // the launch stops at its next step; clean after it
            }
            workers.submit(() -> {
                try {
                    runCleanup(c);
                } finally {
                    cleaning.remove(c.migrationId());
                }
            });
        }
    }

    private void runCleanup(LaunchStore.CleanupRow c) {
        org.jboss.logging.MDC.put("migrationId", c.migrationId().toString());
        try {
            Cleaner.Result r = cleaner.clean(c.migrationId(), c.sourceVmId());
            QuarkusTransaction.requiringNew().run(() -> {
                store.finishCleanup(c.migrationId(), "DONE", r.summary(), null);
                service.cleanedUp(c.migrationId());
            });
        } catch (RuntimeException e) {
            int attempt = c.attempts() + 1;
            boolean giveUp = attempt >= config.cleanup().maxAttempts();
            Duration backoff = config.cleanup().retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 10));
            if (backoff.compareTo(Duration.ofMinutes(5)) > 0) {
                backoff = Duration.ofMinutes(5);
            }
            Instant next = Instant.now().plus(backoff);
            LOG.warnf("Cleanup of %s failed (attempt %d%s): %s", c.migrationId(), attempt,
                    giveUp ? ", giving up" : ", next at " + next, e.getMessage());
            QuarkusTransaction.requiringNew().run(() -> store.finishCleanup(c.migrationId(), giveUp ? "FAILED" : "PENDING",
                    "attempt " + attempt + ": " + e.getMessage(), next));
        } finally {
            org.jboss.logging.MDC.remove("migrationId");
        }
    }

    private boolean tryAdvisoryLock() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, ADMISSION_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the admission lock", e);
        }
    }
}
