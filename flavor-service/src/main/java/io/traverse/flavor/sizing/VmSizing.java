package io.traverse.flavor.sizing;

import io.traverse.events.EventEnvelope;
import io.traverse.events.MigrationEvent;
import io.traverse.events.MigrationFailed;
import io.traverse.events.Phase;
import io.traverse.events.VmDiscovered;
import io.traverse.events.VmSized;
import io.traverse.flavor.flavor.FlavorSelection;
import io.traverse.flavor.flavor.SizingNeeds;
import io.traverse.support.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Phase 2 for one VM, in two steps like discovery: {@link #decide} talks to Nova (and may create a flavor, which is
 * idempotent by name) with no transaction open; {@link #record} stores the decision and queues {@code vm.sized} or
 * {@code migration.failed} (phase SIZING) in the consumer's transaction, with the inbox row.
 */
@ApplicationScoped
public class VmSizing {

    static final String SOURCE = "flavor-service";
    private static final Logger LOG = Logger.getLogger(VmSizing.class);

    private final FlavorSelection selection;
    private final Outbox outbox;
    private final DataSource dataSource;

    public VmSizing(FlavorSelection selection, Outbox outbox, DataSource dataSource) {
        this.selection = selection;
        this.outbox = outbox;
        this.dataSource = dataSource;
    }

    /** The decision and the event that announces it. */
    public record Outcome(VmDiscovered trigger, FlavorSelection.Decision decision, MigrationEvent event) {
    }

    @Transactional(TxType.NEVER)
    public Outcome decide(VmDiscovered discovered) {
        SizingNeeds needs = SizingNeeds.of(discovered.vm());
        FlavorSelection.Decision d = selection.decide(needs, discovered.request().flavorOverride());
        MigrationEvent event = switch (d) {
            case FlavorSelection.Chosen c -> new VmSized(discovered.request(), discovered.vm(),
                    c.flavor().toTarget(c.autoCreated()));
            case FlavorSelection.Refused r -> new MigrationFailed(Phase.SIZING, "VM " + discovered.vm().id() + " ('"
                    + discovered.vm().name() + "'): " + r.reason(), r.retryable());
        };
        return new Outcome(discovered, d, event);
    }

    @Transactional(TxType.MANDATORY)
    public void record(EventEnvelope trigger, Outcome outcome) {
        var vm = outcome.trigger().vm();
        String sql = """
                insert into sizing (migration_id, vm_id, vcpus, memory_mb, flavor_id, flavor_name, how, failure, explanation)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (migration_id) do update set vm_id = excluded.vm_id, vcpus = excluded.vcpus,
                  memory_mb = excluded.memory_mb, flavor_id = excluded.flavor_id, flavor_name = excluded.flavor_name,
                  how = excluded.how, failure = excluded.failure, explanation = excluded.explanation, decided_at = now()""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, trigger.migrationId());
            ps.setString(2, vm.id());
            ps.setInt(3, vm.vcpus());
            ps.setLong(4, vm.memoryMb());
            switch (outcome.decision()) {
                case FlavorSelection.Chosen ch -> {
                    ps.setString(5, ch.flavor().id());
                    ps.setString(6, ch.flavor().name());
                    ps.setString(7, ch.how().name());
                    ps.setString(8, null);
                    ps.setString(9, ch.explanation());
                    LOG.infof("Sized %s (%s): %s", vm.id(), vm.name(), ch.explanation());
                }
                case FlavorSelection.Refused r -> {
                    ps.setString(5, null);
                    ps.setString(6, null);
                    ps.setString(7, null);
                    ps.setString(8, r.retryable() ? "RETRYABLE" : "PERMANENT");
                    ps.setString(9, r.reason());
                    LOG.warnf("Sizing of %s (%s) failed: %s", vm.id(), vm.name(), r.reason());
                }
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the sizing of " + vm.id(), e);
        }
        outbox.publish(EventEnvelope.of(SOURCE, trigger.migrationId(), outcome.event()));
    }

    /** Test and support helper: the flavor name recorded for a migration, if any. */
    @Transactional(TxType.SUPPORTS)
    public java.util.Optional<String> recordedFlavor(UUID migrationId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select flavor_name from sizing where migration_id = ?")) {
            ps.setObject(1, migrationId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.ofNullable(rs.getString(1)) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
