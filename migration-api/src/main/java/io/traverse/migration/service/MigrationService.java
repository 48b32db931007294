package io.traverse.migration.service;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventJson;
import io.traverse.events.MigrationFailed;
import io.traverse.events.MigrationMode;
import io.traverse.events.MigrationRequested;
import io.traverse.migration.MigrationState;
import io.traverse.support.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Starts migrations and keeps each one's state and timeline from the events of every phase. */
@ApplicationScoped
@Transactional(TxType.REQUIRED)
public class MigrationService {

    public static final String SOURCE = "migration-api";
    private static final Logger LOG = Logger.getLogger(MigrationService.class);

    private final DataSource dataSource;
    private final Outbox outbox;

    public MigrationService(DataSource dataSource, Outbox outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    /** A request to migrate one VM, as accepted from a client. */
    public record StartRequest(String vmId, String vmName, MigrationMode mode, String requestedBy) {
    }

    /** Records the migration and queues {@code migration.requested} in the same transaction. */
    public Migration start(StartRequest request) {
        UUID id = UUID.randomUUID();
        UUID adHocPlan = UUID.randomUUID();
        String sql = "insert into migration (id, vm_id, vm_name, mode, state) values (?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            ps.setString(2, request.vmId());
            ps.setString(3, request.vmName());
            ps.setString(4, request.mode().name());
            ps.setString(5, MigrationState.REQUESTED.name());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record migration of " + request.vmName(), e);
        }
        outbox.publish(EventEnvelope.of(SOURCE, id, new MigrationRequested(adHocPlan, null, request.vmId(),
                request.vmName(), request.mode(), null, null, List.of(), request.requestedBy())));
        return find(id).orElseThrow();
    }

    /**
     * Adds the event to its migration's timeline and moves the migration's state forward. An event for a
     * migration this service does not know (another installation's, or one deleted) is ignored.
     */
    @Transactional(TxType.MANDATORY)
    public void record(EventEnvelope event) {
        if (event.migrationId() == null) {
            return;
        }
        Optional<MigrationState> current = currentState(event.migrationId());
        if (current.isEmpty()) {
            LOG.debugf("Ignored %s for unknown migration %s", event.type(), event.migrationId());
            return;
        }
        String sql = """
                insert into timeline_entry (migration_id, event_id, event_type, source, occurred_at, data)
                values (?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, event.migrationId());
            ps.setObject(2, event.id());
            ps.setString(3, event.type());
            ps.setString(4, event.source());
            ps.setTimestamp(5, Timestamp.from(event.time()));
            ps.setString(6, EventJson.mapper().valueToTree(event.data()).toString());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record " + event.type() + " in the timeline", e);
        }
        MigrationState.reachedBy(event.eventType())
                .filter(next -> current.get().canMoveTo(next))
                .ifPresent(next -> moveTo(event.migrationId(), next,
                        event.data() instanceof MigrationFailed f ? f.phase() + ": " + f.reason() : null));
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<Migration> find(UUID id) {
        String sql = "select id, vm_id, vm_name, mode, state, failure, created_at, updated_at from migration where id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Migration(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        MigrationMode.valueOf(rs.getString(4)), MigrationState.valueOf(rs.getString(5)), rs.getString(6),
                        rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(), timeline(c, id)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read migration " + id, e);
        }
    }

    private List<Migration.TimelineEntry> timeline(Connection c, UUID id) throws SQLException {
        String sql = "select event_type, source, occurred_at, recorded_at from timeline_entry where migration_id = ? order by seq";
        List<Migration.TimelineEntry> entries = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Migration.TimelineEntry(rs.getString(1), rs.getString(2),
                            rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()));
                }
            }
        }
        return entries;
    }

    private Optional<MigrationState> currentState(UUID id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select state from migration where id = ? for update")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(MigrationState.valueOf(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read migration " + id, e);
        }
    }

    private void moveTo(UUID id, MigrationState next, String failure) {
        String sql = "update migration set state = ?, failure = coalesce(?, failure), updated_at = ? where id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, next.name());
            ps.setString(2, failure);
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.setObject(4, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not update migration " + id, e);
        }
    }
}
