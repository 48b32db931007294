package io.traverse.migration.engine;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventJson;
import io.traverse.migration.MigrationState;
import io.traverse.migration.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Table {@code timeline_entry}: every event of a migration, once (keyed by event id), with the state it found, the
 * state it left and what it meant. Events migration-api publishes itself are entered when they are queued, so the
 * copy that comes back from Kafka finds its row and adds nothing.
 */
@ApplicationScoped
public class TimelineStore {

    /** One entry, as {@code GET /api/migrations/{id}/timeline} shows it. */
    public record Entry(long seq, UUID eventId, String type, String source, Instant occurredAt, Instant recordedAt,
                        MigrationState fromState, MigrationState toState, String detail) {
    }

    private final Jdbc jdbc;

    public TimelineStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Returns the entry's sequence number, or -1 when the event was already there. */
    public long append(EventEnvelope event, MigrationState from, MigrationState to, String detail) {
        return jdbc.queryOne("""
                insert into timeline_entry (migration_id, event_id, event_type, source, occurred_at, data, from_state,
                  to_state, detail)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing returning seq""",
                rs -> rs.getLong(1),
                event.migrationId(), event.id(), event.type(), event.source(), event.time(),
                EventJson.mapper().valueToTree(event.data()).toString(), from, to, detail).orElse(-1L);
    }

    /**
     * An entry for something migration-api did that is not an event, e.g. {@code source.power-on}; the state is
     * unchanged by it.
     */
    public void note(UUID migrationId, String type, MigrationState state, String detail) {
        jdbc.update("""
                insert into timeline_entry (migration_id, event_id, event_type, source, occurred_at, data, from_state,
                  to_state, detail)
                values (?, ?, ?, ?, now(), '{}', ?, ?, ?)""",
                migrationId, UUID.randomUUID(), type, MigrationEngine.SOURCE, state, state, detail);
    }

    /** The power state the VM had when discovery-service read it ({@code vm.discovered}), if it was read. */
    public java.util.Optional<String> discoveredPowerState(UUID migrationId) {
        return jdbc.queryOne("""
                select data::jsonb -> 'vm' ->> 'powerState' from timeline_entry
                where migration_id = ? and event_type = 'vm.discovered' order by seq desc limit 1""",
                rs -> rs.getString(1), migrationId).filter(java.util.Objects::nonNull);
    }

    public List<Entry> of(UUID migrationId) {
        return jdbc.query("select seq, event_id, event_type, source, occurred_at, recorded_at, from_state, to_state, "
                + "detail from timeline_entry where migration_id = ? order by seq", rs -> new Entry(rs.getLong(1),
                rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), Jdbc.instant(rs, "occurred_at"),
                Jdbc.instant(rs, "recorded_at"), state(rs.getString(7)), state(rs.getString(8)), rs.getString(9)),
                migrationId);
    }

    private static MigrationState state(String s) {
        return s == null ? null : MigrationState.valueOf(s);
    }
}
