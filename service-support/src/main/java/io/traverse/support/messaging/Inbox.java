package io.traverse.support.messaging;

import io.traverse.events.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.UUID;

/**
 * The idempotent-consumer half of at-least-once delivery: remembers every event this service has handled,
 * in the same transaction as the handling, so a redelivered event is recognised and skipped.
 */
@ApplicationScoped
public class Inbox {

    private final DataSource dataSource;

    public Inbox(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records the event as handled. Returns {@code true} the first time an event id is seen and {@code false}
     * for a redelivery. Must run inside the transaction that applies the event's effects: if that transaction
     * rolls back, the event counts as unhandled and will be processed again.
     */
    @Transactional(TxType.MANDATORY)
    public boolean firstDelivery(EventEnvelope event) {
        String sql = """
                insert into processed_event (event_id, event_type, migration_id, source, occurred_at)
                values (?, ?, ?, ?, ?) on conflict (event_id) do nothing""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, event.id());
            ps.setString(2, event.type());
            ps.setObject(3, event.migrationId());
            ps.setString(4, event.source());
            ps.setTimestamp(5, Timestamp.from(event.time()));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record event " + event.id() + " in the inbox", e);
        }
    }

    /** Whether this service has already handled the event. */
    @Transactional(TxType.SUPPORTS)
    public boolean hasProcessed(UUID eventId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select 1 from processed_event where event_id = ?")) {
            ps.setObject(1, eventId);
            try (var rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the inbox", e);
        }
    }

    /** How many distinct events of this migration the service has handled. */
    @Transactional(TxType.SUPPORTS)
    public int processedCount(UUID migrationId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from processed_event where migration_id = ?")) {
            ps.setObject(1, migrationId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the inbox", e);
        }
    }
}
