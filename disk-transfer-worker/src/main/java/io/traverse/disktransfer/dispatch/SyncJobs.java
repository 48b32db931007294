package io.traverse.disktransfer.dispatch;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventJson;
import io.traverse.events.VmMapped;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The dispatcher's tables: the vm.mapped event per migration and one row per sync round, holding its latest attempt
 * (schema disktransfer).
 */
@ApplicationScoped
public class SyncJobs {

    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    /** One sync round; {@code attempt} counts the migration's attempts at it (a new one after a failed attempt). */
    public record Row(String jobName, UUID migrationId, int round, boolean cutover, boolean cbtSync, String sourceHost,
                      State state, String reason, long bandwidthBps, int attempt) {
    }

    /** What {@link #queue} did with a trigger. */
    public enum Queued {
        /** The round was not known: queued as attempt 1. */
        FIRST,
        /** The round's last attempt failed and this is a new trigger (a retry of the migration): queued as the next attempt. */
        RETRY,
        /** The very trigger that queued the round's current attempt (a redelivery): nothing queued. */
        REDELIVERED,
        /** The round is queued, running, done or cancelled: nothing queued. */
        KNOWN
    }

    private final DataSource ds;

    public SyncJobs(DataSource ds) {
        this.ds = ds;
    }

    /**
     * Keeps the vm.mapped event of a migration. With {@code replace} false the first one wins (a redelivery changes
     * nothing); with true this one replaces it (the vm.mapped of a new attempt, whose mapping may differ).
     */
    @Transactional(TxType.MANDATORY)
    public void saveMapping(EventEnvelope vmMapped, boolean replace) {
        VmMapped m = (VmMapped) vmMapped.data();
        update("insert into migration_mapping (migration_id, vm_id, source_host, event) values (?, ?, ?, ?) on conflict (migration_id) "
                + (replace ? "do update set vm_id = excluded.vm_id, source_host = excluded.source_host, event = excluded.event"
                : "do nothing"),
                vmMapped.migrationId(), m.vm().id(), m.vm().host(), EventJson.encodeToString(vmMapped));
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<EventEnvelope> mapping(UUID migrationId) {
        return query("select event from migration_mapping where migration_id = ?", rs -> EventJson.decode(rs.getString(1)), migrationId)
                .stream().findFirst();
    }

    /**
     * Queues round {@code round} for the trigger {@code triggerId} (the event id of its vm.mapped or
     * disk.sync.requested). One row per (migration, round): a round not seen before is queued as attempt 1; a round
     * whose last attempt FAILED is queued again as the next attempt, under a new Job name, when a different trigger
     * asks for it (migration-api retrying the migration). The same trigger again, or any trigger for a round that is
     * queued, running, done or cancelled, queues nothing.
     */
    @Transactional(TxType.MANDATORY)
    public Queued queue(UUID triggerId, UUID migrationId, int round, boolean cutover, boolean cbtSync, String sourceHost) {
        record Known(State state, int attempt, UUID trigger) {
        }
        List<Known> known = query("select state, attempt, trigger_event_id from sync_job where migration_id = ? and round = ? for update",
                rs -> new Known(State.valueOf(rs.getString(1)), rs.getInt(2), rs.getObject(3, UUID.class)), migrationId, round);
        if (known.isEmpty()) {
            return update("insert into sync_job (job_name, migration_id, round, attempt, trigger_event_id, cutover, cbt_sync, "
                    + "source_host, state) values (?, ?, ?, 1, ?, ?, ?, ?, 'QUEUED') on conflict do nothing",
                    SyncDispatcher.jobName(migrationId, round, 1), migrationId, round, triggerId, cutover, cbtSync, sourceHost) == 1
                    ? Queued.FIRST : Queued.KNOWN;
        }
        Known k = known.getFirst();
        if (triggerId.equals(k.trigger())) {
            return Queued.REDELIVERED;
        }
        if (k.state() != State.FAILED) {
            return Queued.KNOWN;
        }
        int attempt = k.attempt() + 1;
        update("update sync_job set job_name = ?, attempt = ?, trigger_event_id = ?, cutover = ?, cbt_sync = ?, source_host = ?, "
                + "state = 'QUEUED', reason = null, bandwidth_bps = 0, updated_at = now() where migration_id = ? and round = ?",
                SyncDispatcher.jobName(migrationId, round, attempt), attempt, triggerId, cutover, cbtSync, sourceHost, migrationId, round);
        return Queued.RETRY;
    }

    /** Queued rounds, oldest first, locked for this dispatcher (others skip them). */
    @Transactional(TxType.MANDATORY)
    public List<Row> lockQueued(int limit) {
        return query("select " + COLUMNS + " from sync_job where state = 'QUEUED' order by created_at limit ? for update skip locked",
                SyncJobs::row, limit);
    }

    @Transactional(TxType.SUPPORTS)
    public List<Row> running() {
        return query("select " + COLUMNS + " from sync_job where state = 'RUNNING'", SyncJobs::row);
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<Row> find(String jobName) {
        return query("select " + COLUMNS + " from sync_job where job_name = ?", SyncJobs::row, jobName).stream().findFirst();
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<Row> find(UUID migrationId, int round) {
        return query("select " + COLUMNS + " from sync_job where migration_id = ? and round = ?", SyncJobs::row, migrationId, round)
                .stream().findFirst();
    }

    @Transactional(TxType.MANDATORY)
    public void markRunning(String jobName, long bandwidthBps) {
        update("update sync_job set state = 'RUNNING', bandwidth_bps = ?, updated_at = now() where job_name = ?", bandwidthBps, jobName);
    }

    /** Moves a row from {@code from} to a final state; false when it was not in {@code from} (already handled). */
    @Transactional(TxType.MANDATORY)
    public boolean finish(String jobName, State from, State to, String reason) {
        return update("update sync_job set state = ?, reason = ?, updated_at = now() where job_name = ? and state = ?",
                to.name(), reason, jobName, from.name()) == 1;
    }

    /**
     * Records that the migration was cancelled and ends its queued and running rounds as CANCELLED; returns the rows
     * as they were before (the running ones have a Job to stop). A second cancellation changes nothing.
     */
    @Transactional(TxType.MANDATORY)
    public List<Row> cancel(UUID migrationId, String reason) {
        update("insert into cancelled_migration (migration_id, reason) values (?, ?) on conflict do nothing", migrationId, reason);
        List<Row> open = query("select " + COLUMNS + " from sync_job where migration_id = ? and state in ('QUEUED', 'RUNNING') "
                + "for update", SyncJobs::row, migrationId);
        update("update sync_job set state = 'CANCELLED', reason = ?, updated_at = now() "
                + "where migration_id = ? and state in ('QUEUED', 'RUNNING')", reason, migrationId);
        return open;
    }

    @Transactional(TxType.SUPPORTS)
    public boolean isCancelled(UUID migrationId) {
        return !query("select 1 from cancelled_migration where migration_id = ?", rs -> 1, migrationId).isEmpty();
    }

    /** VMs that have no running round: the snapshot sweep may clean them. */
    @Transactional(TxType.SUPPORTS)
    public List<String> idleVms() {
        return query("select distinct m.vm_id from migration_mapping m where not exists "
                + "(select 1 from sync_job j where j.migration_id = m.migration_id and j.state in ('RUNNING'))", rs -> rs.getString(1));
    }

    private static final String COLUMNS = "job_name, migration_id, round, cutover, cbt_sync, source_host, state, reason, bandwidth_bps, "
            + "attempt";

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getObject(2, UUID.class), rs.getInt(3), rs.getBoolean(4), rs.getBoolean(5),
                rs.getString(6), State.valueOf(rs.getString(7)), rs.getString(8), rs.getLong(9), rs.getInt(10));
    }

    private interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Mapper<T> mapper, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("update failed: " + sql, e);
        }
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
