package io.traverse.disktransfer.job;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.traverse.disktransfer.config.DiskTransferConfig;
import io.traverse.disktransfer.copy.SourceRefusedException;
import io.traverse.disktransfer.copy.TokenBucket;
import io.traverse.disktransfer.dispatch.SyncJobs;
import io.traverse.disktransfer.sync.CopySettings;
import io.traverse.disktransfer.sync.DiskSyncRound;
import io.traverse.disktransfer.sync.SyncOutcome;
import io.traverse.disktransfer.sync.SyncRequest;
import io.traverse.disktransfer.target.TargetVolumes;
import io.traverse.disktransfer.vsphere.VsphereClient;
import io.traverse.events.EventEnvelope;
import io.traverse.events.MigrationEvent;
import io.traverse.events.VmMapped;
import io.traverse.jobs.JobLauncher;
import io.traverse.support.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Job's work (command mode {@code sync --migration ID --round N [--bandwidth-bps B]}): run one round and publish
 * its result through the outbox. Exit codes: 0 when the round is settled (synced or skipped: disk.synced sent),
 * 1 when running it again may succeed (the Job's retry resumes from the checkpoint), 3
 * ({@link JobLauncher#PERMANENT_FAILURE_EXIT_CODE}) when it cannot (source disk gone, credentials refused, AC4's
 * existing volume): not retried. 2 for a bad invocation. On 1, 2 and 3 the reason is left in the file named by
 * {@link JobLauncher#TERMINATION_MESSAGE_PATH_ENV}; the dispatcher sends {@code migration.failed} with it when the
 * Job has failed for good.
 */
@ApplicationScoped
public class SyncJobCommand {

    private static final Logger LOG = Logger.getLogger(SyncJobCommand.class);
    public static final String SOURCE = "disk-transfer-worker";

    private final SyncJobs jobs;
    private final SourceConnector connector;
    private final TargetVolumes volumes;
    private final DiskTransferConfig config;
    private final Outbox outbox;
    private final Pipelines pipelines;

    public SyncJobCommand(SyncJobs jobs, SourceConnector connector, TargetVolumes volumes, DiskTransferConfig config, Outbox outbox,
                          Pipelines pipelines) {
        this.pipelines = pipelines;
        this.jobs = jobs;
        this.connector = connector;
        this.volumes = volumes;
        this.config = config;
        this.outbox = outbox;
    }

    /** The threads running a round (one in a Job; several in the in-process test launcher), for a graceful stop. */
    private final Set<Thread> rounds = ConcurrentHashMap.newKeySet();

    /**
     * SIGTERM (a cancelled Job: Kubernetes deletes the pod, the local launcher destroys the process): interrupt the
     * round and give it up to 20 s to remove its snapshot before the process exits.
     */
    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        if (rounds.isEmpty()) {
            return;
        }
        LOG.warn("Stopping: interrupting the round so it removes its snapshot");
        rounds.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!rounds.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (!rounds.isEmpty()) {
            LOG.warn("The round did not end within 20 s; the dispatcher's sweep removes its snapshot");
        }
    }

    /** How a Job ends: its exit code and, for a failure, the reason it leaves for the dispatcher. */
    public record Exit(int code, String reason) {
        static final int SETTLED = 0, RETRY = 1, BAD_INVOCATION = 2, PERMANENT = JobLauncher.PERMANENT_FAILURE_EXIT_CODE;
    }

    /**
     * The Job's entry point: runs the round, writes a failure's reason to the file the launcher named in
     * {@link JobLauncher#TERMINATION_MESSAGE_PATH_ENV} (Kubernetes: the termination message), returns the exit code.
     */
    public int run(UUID migrationId, int round, long bandwidthBps) {
        Exit exit = execute(migrationId, round, bandwidthBps);
        String path = System.getenv(JobLauncher.TERMINATION_MESSAGE_PATH_ENV);
        if (exit.reason() != null && path != null && !path.isBlank()) {
            try {
                Files.writeString(Path.of(path), exit.reason() + "\n");
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Could not leave the failure reason in %s: %s", path, e.getMessage());
            }
        }
        return exit.code();
    }

    /** One round, as {@link #run} does it, without the process around it (the in-process test launcher calls this). */
    public Exit execute(UUID migrationId, int round, long bandwidthBps) {
        rounds.add(Thread.currentThread());
        try {
            return runRound(migrationId, round, bandwidthBps);
        } finally {
            rounds.remove(Thread.currentThread());
        }
    }

    private Exit runRound(UUID migrationId, int round, long bandwidthBps) {
        MDC.put("migrationId", migrationId.toString());
        var row = jobs.find(migrationId, round);
        var mapped = jobs.mapping(migrationId);
        if (row.isEmpty() || mapped.isEmpty()) {
            String why = "no queued round " + round + " for migration " + migrationId;
            LOG.error(why);
            return new Exit(Exit.BAD_INVOCATION, why);
        }
        SyncRequest req = new SyncRequest(migrationId, (VmMapped) mapped.get().data(), round, row.get().cutover(), row.get().cbtSync());
        CopySettings settings = new CopySettings(config.copy().chunkSizeMib() << 20, config.copy().streamsPerDisk(),
                config.copy().parallelDisks(), bandwidthBps > 0 ? List.of(new TokenBucket(bandwidthBps)) : List.of(),
                Duration.ofSeconds(2), Duration.ofSeconds(5), config.copy().verify());
        SyncOutcome outcome;
        try (VsphereClient client = connector.connect().orElseThrow(() -> new IOException("traverse.vcenter.url is not set"))) {
            LOG.infof("Round %d of migration %s: Pipeline %s", round, migrationId, pipelines.name());
            DiskSyncRound sync = new DiskSyncRound(client, volumes, pipelines.readers(client), settings,
                    p -> publish(migrationId, p));
            outcome = sync.run(req);
        } catch (IOException e) {
            String why = "round " + round + " could not start: " + e.getMessage();
            LOG.errorf("Round %d of migration %s %s", round, migrationId, why);
            SourceRefusedException refused = SourceRefusedException.in(e);
            return new Exit(refused != null && refused.permanent() ? Exit.PERMANENT : Exit.RETRY, why);
        }
        return switch (outcome) {
            case SyncOutcome.Synced s -> {
                publish(migrationId, s.event());
                yield new Exit(Exit.SETTLED, null);
            }
            case SyncOutcome.Skipped k -> {
                LOG.info(k.reason());
                publish(migrationId, k.event());
                yield new Exit(Exit.SETTLED, null);
            }
            case SyncOutcome.Failed f -> {
                LOG.error(f.reason());
                yield new Exit(f.retryable() ? Exit.RETRY : Exit.PERMANENT, f.reason());
            }
        };
    }

    private void publish(UUID migrationId, MigrationEvent event) {
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(EventEnvelope.of(SOURCE, migrationId, event)));
    }
}
