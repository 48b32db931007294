package io.traverse.support.messaging;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The producer half of reliable delivery: an event is stored in the service's own database in the same
 * transaction as the state change it announces; {@link OutboxRelay} sends it to Kafka afterwards.
 * Nothing is ever sent directly, so a crash between "committed" and "sent" cannot lose an event.
 */
@ApplicationScoped
public class Outbox {

    private final DataSource dataSource;
    private final OutboxRelay relay;

    public Outbox(DataSource dataSource, OutboxRelay relay) {
        this.dataSource = dataSource;
        this.relay = relay;
    }

    /** Queues the event on its type's topic under {@link EventEnvelope#key()} (the migration id, so one VM's events stay in order). */
    @Transactional(TxType.MANDATORY)
    public void publish(EventEnvelope event) {
        String sql = "insert into outbox_event (event_id, topic, message_key, payload) values (?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, event.id());
            ps.setString(2, event.eventType().topic());
            ps.setString(3, event.key());
            ps.setString(4, EventJson.encodeToString(event));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not queue event " + event.type() + " in the outbox", e);
        }
        relay.wakeUpAfterCommit();
    }
}
