package io.traverse.conversion.job;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.traverse.conversion.dispatch.ConversionDispatcher;
import io.traverse.conversion.dispatch.ConversionJobs;
import io.traverse.conversion.guest.VirtV2vInPlace;
import io.traverse.conversion.volumes.ConversionVolume;
import io.traverse.conversion.volumes.ConversionVolumes;
import io.traverse.events.DiskSynced;
import io.traverse.events.EventEnvelope;
import io.traverse.events.SourceDisk;
import io.traverse.events.SourceVm;
import io.traverse.events.SyncedDisk;
import io.traverse.events.VmConverted;
import io.traverse.support.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The Job's work (command mode {@code convert --migration ID --round N}): convert the VM whose cutover disk.synced the
 * dispatcher queued, then publish vm.converted through the outbox in the transaction that records the result.
 * Exit codes: 0 when converted (or already converted), 1 when it failed — the failure (with the tool's own error
 * lines) is in the job's row and the dispatcher reports it as migration.failed when it sees the Job fail — and 2 for
 * a bad invocation.
 */
@ApplicationScoped
public class ConversionJobCommand {

    private static final Logger LOG = Logger.getLogger(ConversionJobCommand.class);
    public static final String SOURCE = "conversion-worker";

    private final ConversionJobs jobs;
    private final ConversionVolumes volumes;
    private final GuestConverter converter;
    private final Outbox outbox;

    public ConversionJobCommand(ConversionJobs jobs, ConversionVolumes volumes, GuestConverter converter, Outbox outbox) {
        this.jobs = jobs;
        this.volumes = volumes;
        this.converter = converter;
        this.outbox = outbox;
    }

    /** @param round the cutover round to convert for; null: the migration's newest */
    public int run(UUID migrationId, Integer round) {
        MDC.put("migrationId", migrationId.toString());
        var found = round == null ? jobs.find(migrationId) : jobs.find(ConversionDispatcher.jobName(migrationId, round));
        if (found.isEmpty()) {
            LOG.errorf("No conversion queued for migration %s", migrationId);
            return 2;
        }
        ConversionJobs.Row row = found.get();
        if (row.state() == ConversionJobs.State.SUCCEEDED) {
            LOG.infof("Conversion of migration %s already done (%s)", migrationId, row.path());
            return 0;
        }
        DiskSynced synced = (DiskSynced) row.trigger().data();
        try {
            GuestConverter.Request req = request(synced);
            GuestConverter.Outcome o = converter.convert(req);
            List<String> ids = synced.disks().stream().map(SyncedDisk::volumeId).toList();
            QuarkusTransaction.requiringNew().run(() -> {
                jobs.succeed(row.jobName(), o.path().name(), o.reason(), o.took().toMillis());
                outbox.publish(EventEnvelope.of(SOURCE, migrationId,
                        new VmConverted(o.path(), o.tool(), o.toolVersion(), o.reason(), ids, synced.mapping())));
            });
            LOG.infof("Converted %s: %s in %d s — %s", req.vmName(), o.path(), o.took().toSeconds(), o.reason());
            return 0;
        } catch (ConversionException e) {
            LOG.errorf("Conversion of migration %s failed: %s", migrationId, e.getMessage());
            jobs.recordFailure(row.jobName(), e.getMessage(), e.retryable());
            return 1;
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "Conversion of migration %s failed", migrationId);
            jobs.recordFailure(row.jobName(), "conversion failed: " + e, true);
            return 1;
        }
    }

    /** The VM's disks in boot order with their volumes and source buses. */
    GuestConverter.Request request(DiskSynced synced) throws IOException, ConversionException {
        SourceVm vm = synced.mapping().vm();
        List<GuestConverter.Disk> disks = new ArrayList<>();
        for (SyncedDisk d : synced.disks()) {
            ConversionVolume v = volumes.find(d.volumeId()).orElseThrow(() -> new ConversionException(
                    "volume " + d.volumeId() + " of disk " + d.diskKey() + " was not found on the target", false));
            String controller = vm.disks().stream().filter(s -> s.key() == d.diskKey()).map(SourceDisk::controller)
                    .findFirst().orElse("scsi");
            disks.add(new GuestConverter.Disk(v, VirtV2vInPlace.bus(controller)));
        }
        if (disks.isEmpty()) {
            throw new ConversionException("disk.synced lists no disks", false);
        }
        return new GuestConverter.Request(vm.id(), vm.name(), vm.firmware(), disks);
    }
}
