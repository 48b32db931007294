package io.traverse.disktransfer.job;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.traverse.disktransfer.config.DiskTransferConfig;
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
import io.traverse.events.MigrationFailed;
import io.traverse.events.Phase;
import io.traverse.events.VmMapped;
import io.traverse.support.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The Job's work (command mode {@code sync --migration ID --round N [--bandwidth-bps B]}): run one round and publish
 * its result through the outbox. Exit codes: 0 when the round is settled (synced, skipped, or refused for good with
 * {@code migration.failed} sent), 1 when running it again may succeed (the Job's retry resumes from the checkpoint;
 * when retries run out the dispatcher reports the failure), 2 for a bad invocation.
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

    public int run(UUID migrationId, int round, long bandwidthBps) {
        MDC.put("migrationId", migrationId.toString());
        var row = jobs.find(migrationId, round);
        var mapped = jobs.mapping(migrationId);
        if (row.isEmpty() || mapped.isEmpty()) {
            LOG.errorf("No queued round %d for migration %s", round, migrationId);
            return 2;
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
            LOG.errorf("Round %d of migration %s could not start: %s", round, migrationId, e.getMessage());
            return 1;
        }
        return switch (outcome) {
            case SyncOutcome.Synced s -> {
                publish(migrationId, s.event());
                yield 0;
            }
            case SyncOutcome.Skipped k -> {
                LOG.info(k.reason());
                publish(migrationId, k.event());
                yield 0;
            }
            case SyncOutcome.Failed f when !f.retryable() -> {
                publish(migrationId, new MigrationFailed(Phase.DISK_SYNC, f.reason(), false));
                yield 0;
            }
            case SyncOutcome.Failed f -> {
                LOG.error(f.reason());
                yield 1;
            }
        };
    }

    private void publish(UUID migrationId, MigrationEvent event) {
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(EventEnvelope.of(SOURCE, migrationId, event)));
    }
}
