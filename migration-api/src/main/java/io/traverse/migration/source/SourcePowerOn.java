package io.traverse.migration.source;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.traverse.migration.MigrationState;
import io.traverse.migration.db.Jdbc;
import io.traverse.migration.engine.MigrationRecord;
import io.traverse.migration.engine.TimelineStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Rollback (and skip after failure, and Reset) powers the source back on — only when Traverse powered it off: the
 * VM was on when discovery-service read it and its cutover (the final, source-off round; for a cold migration its one
 * round) had started. The request is written in the rollback's transaction ({@link #requestIfNeeded}) and carried out
 * after it by the orchestrator ({@link #runPending}) through {@link SourceClient}: a VM discovery-service refuses to
 * touch (protected, 409) is left off and the timeline says why; an unreachable discovery-service is tried again
 * with backoff (up to {@value #MAX_ATTEMPTS} times). Each outcome is a {@code source.power-on} timeline entry.
 */
@ApplicationScoped
public class SourcePowerOn {

    public static final String TIMELINE_TYPE = "source.power-on";
    private static final Logger LOG = Logger.getLogger(SourcePowerOn.class);
    private static final int MAX_ATTEMPTS = 5;
    private static final int BATCH = 20;

    private final Jdbc jdbc;
    private final TimelineStore timeline;
    private final SourceClient client;

    public SourcePowerOn(Jdbc jdbc, TimelineStore timeline, SourceClient client) {
        this.jdbc = jdbc;
        this.timeline = timeline;
        this.client = client;
    }

    /** After a rollback: asks for the source to be powered on if Traverse had powered it off. */
    @Transactional(TxType.MANDATORY)
    public void requestIfNeeded(MigrationRecord m, String by) {
        if (m == null || m.state() != MigrationState.ROLLED_BACK || !m.roundIsCutover()) {
            return; // never cut over: the source was not powered off by Traverse
        }
        if (!"POWERED_ON".equals(timeline.discoveredPowerState(m.id()).orElse(null))) {
            return; // it was off before Traverse came: it stays off
        }
        int added = jdbc.update("""
                insert into source_power_on (migration_id, vm_id, vm_name, requested_by) values (?, ?, ?, ?)
                on conflict (migration_id) do nothing""", m.id(), m.vmId(), m.vmName(), by);
        if (added > 0) {
            timeline.note(m.id(), TIMELINE_TYPE, m.state(), "source " + m.vmName() + " (" + m.vmId()
                    + ") to be powered on through discovery-service");
        }
    }

    /** Carries out the pending power-ons; returns how many got an answer. Called by the orchestrator's pass. */
    public int runPending() {
        List<Pending> pending = QuarkusTransaction.requiringNew().call(() -> jdbc.query("""
                select migration_id, vm_id, vm_name, attempts from source_power_on
                where state = 'PENDING' and next_at <= now() order by next_at limit ?""",
                rs -> new Pending(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4)), BATCH));
        int answered = 0;
        for (Pending p : pending) {
            try {
                SourceClient.Result r = client.powerOn(p.vmId());
                record(p, r.refused() ? "REFUSED" : "DONE", r.refused()
                        ? "source " + p.vmName() + " left as it is: discovery-service refused to power it on (" + r.detail() + ")"
                        : "source " + p.vmName() + " powered on (" + r.detail() + ")", Duration.ZERO);
                answered++;
            } catch (RuntimeException e) {
                int attempts = p.attempts() + 1;
                Duration backoff = Duration.ofSeconds(Math.min(300, 5L << Math.min(attempts, 6)));
                boolean last = attempts >= MAX_ATTEMPTS;
                LOG.warnf("Power-on of source %s (%s) failed, attempt %d: %s", p.vmName(), p.vmId(), attempts, e.getMessage());
                record(p, last ? "FAILED" : "PENDING", last
                        ? "source " + p.vmName() + " could not be powered on after " + attempts + " attempts: "
                                + e.getMessage() + "; power it on in vCenter"
                        : null, backoff);
            }
        }
        return answered;
    }

    private void record(Pending p, String state, String detail, Duration retryIn) {
        QuarkusTransaction.requiringNew().run(() -> {
            jdbc.update("update source_power_on set state = ?, detail = coalesce(?, detail), attempts = attempts + 1, "
                    + "next_at = ? where migration_id = ?", state, detail, Instant.now().plus(retryIn), p.migrationId());
            if (detail != null) {
                timeline.note(p.migrationId(), TIMELINE_TYPE, MigrationState.ROLLED_BACK, detail);
            }
        });
    }

    private record Pending(UUID migrationId, String vmId, String vmName, int attempts) {
    }
}
