package io.traverse.conversion.dispatch;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.traverse.conversion.config.ConversionConfig;
import io.traverse.events.DiskSynced;
import io.traverse.events.EventEnvelope;
import io.traverse.events.MigrationFailed;
import io.traverse.events.Phase;
import io.traverse.jobs.JobLauncher;
import io.traverse.jobs.JobPhase;
import io.traverse.jobs.JobSpec;
import io.traverse.jobs.JobStatus;
import io.traverse.support.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The long-running half of conversion-worker: queues one conversion per VM on its cutover's disk.synced (pre-copy
 * rounds convert nothing), launches queued conversions as Jobs through the shared {@link JobLauncher} within
 * {@code traverse.conversion.max-concurrent}, and turns a Job that failed into {@code migration.failed} — with the
 * failure the Job recorded (virt-v2v's own error lines) or, when it died without one (evicted, OOM-killed, deleted),
 * the launcher's reason.
 */
@ApplicationScoped
public class ConversionDispatcher {

    private static final Logger LOG = Logger.getLogger(ConversionDispatcher.class);
    public static final String KIND = "conversion";
    static final String SOURCE = "conversion-worker";

    private final ConversionJobs jobs;
    private final JobLauncher launcher;
    private final Outbox outbox;
    private final ConversionConfig config;
    private AutoCloseable watch;

    public ConversionDispatcher(ConversionJobs jobs, JobLauncher launcher, Outbox outbox, ConversionConfig config) {
        this.jobs = jobs;
        this.launcher = launcher;
        this.outbox = outbox;
        this.config = config;
    }

    private boolean dispatcherMode() {
        return !"job".equals(config.mode());
    }

    void start(@Observes StartupEvent ignored) {
        if (dispatcherMode()) {
            watch = launcher.watch(this::onJob);
        }
    }

    void stop(@Observes ShutdownEvent ignored) throws Exception {
        if (watch != null) {
            watch.close();
        }
    }

    /**
     * One Job per cutover round: a later cutover round (a retry after a failed conversion or launch) gets a Job of its
     * own, which converts again or, when the volume already carries the marker, answers "Volume already converted".
     */
    public static String jobName(UUID migrationId, int round) {
        return JobSpec.name(KIND, migrationId, "r" + round);
    }

    /** disk.synced: the cutover's queues the VM's conversion; a pre-copy round's is only noted. */
    @Transactional(TxType.MANDATORY)
    public void onDiskSynced(EventEnvelope event) {
        DiskSynced d = (DiskSynced) event.data();
        String vm = d.mapping().vm().name();
        if (!d.cutover()) {
            LOG.infof("Round %d of %s was a pre-copy: the guest is converted after the cutover round", d.round(), vm);
            return;
        }
        if (jobs.queue(jobName(event.migrationId(), d.round()), event, d.mapping().vm().id())) {
            LOG.infof("Queued the conversion of %s (%d disk(s), cutover round %d)", vm, d.disks().size(), d.round());
        }
    }

    /** Launches what the limit allows; runs every dispatch interval and right after a Job ends. */
    @Scheduled(every = "${traverse.conversion.dispatch-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void dispatch() {
        if (dispatcherMode()) {
            launchAdmitted();
        }
    }

    /**
     * Rows are marked RUNNING and committed before their Jobs start: a Job that fails at once then always finds its
     * row running, for its failure record and for the watch's report.
     */
    private synchronized void launchAdmitted() {
        List<ConversionJobs.Row> admitted = QuarkusTransaction.requiringNew().call(() -> {
            int free = config.maxConcurrent() - jobs.countRunning();
            if (free <= 0) {
                return List.<ConversionJobs.Row>of();
            }
            List<ConversionJobs.Row> rows = jobs.lockQueued(free);
            rows.forEach(r -> jobs.markRunning(r.jobName()));
            return rows;
        });
        for (ConversionJobs.Row q : admitted) {
            try {
                JobStatus s = launcher.launch(new JobSpec(q.jobName(), KIND, q.migrationId(), q.vmId(),
                        List.of("convert", "--migration", q.migrationId().toString(), "--round", Integer.toString(q.round())),
                        Map.of()));
                LOG.infof("Launched %s (%s)", q.jobName(), s.phase());
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not start %s", q.jobName());
                QuarkusTransaction.requiringNew().run(() -> {
                    if (jobs.fail(q.jobName())) {
                        outbox.publish(EventEnvelope.of(SOURCE, q.migrationId(), new MigrationFailed(Phase.CONVERSION,
                                "could not start conversion job " + q.jobName() + ": " + e.getMessage(), true)));
                    }
                });
            }
        }
    }

    /** Called by the launcher's watch. */
    void onJob(JobStatus s) {
        if (!KIND.equals(s.kind()) || !s.phase().isFinal()) {
            return;
        }
        if (s.phase() == JobPhase.FAILED) {
            QuarkusTransaction.requiringNew().run(() -> {
                var row = jobs.find(s.name());
                if (row.isEmpty() || !jobs.fail(s.name())) {
                    return; // unknown, or already reported
                }
                ConversionJobs.Row r = row.get();
                String reason = r.failure() != null ? r.failure() : "conversion job " + s.name() + " failed: " + s.reason();
                boolean retryable = r.failure() == null || Boolean.TRUE.equals(r.retryable());
                outbox.publish(EventEnvelope.of(SOURCE, r.migrationId(), new MigrationFailed(Phase.CONVERSION, reason, retryable)));
                LOG.warnf("Conversion job %s failed: %s", s.name(), reason);
            });
        }
        CompletableFuture.runAsync(this::dispatch);
    }
}
