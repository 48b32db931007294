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

/** The dispatcher's tables: the vm.mapped event per migration and one row per sync round (schema disktransfer). */
@ApplicationScoped
public class SyncJobs {

    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    public record Row(String jobName, UUID migrationId, int round, boolean cutover, boolean cbtSync, String sourceHost,
                      State state, String reason, long bandwidthBps) {
    }

    private final DataSource ds;

    public SyncJobs(DataSource ds) {
        this.ds = ds;
    }

    /** Keeps the vm.mapped event of a migration (first one wins: a redelivery changes nothing). */
    @Transactional(TxType.MANDATORY)
    public void saveMapping(EventEnvelope vmMapped) {
        VmMapped m = (VmMapped) vmMapped.data();
        update("insert into migration_mapping (migration_id, vm_id, source_host, event) values (?, ?, ?, ?) on conflict do nothing",
                vmMapped.migrationId(), m.vm().id(), m.vm().host(), EventJson.encodeToString(vmMapped));
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<EventEnvelope> mapping(UUID migrationId) {
        return query("select event from migration_mapping where migration_id = ?", rs -> EventJson.decode(rs.getString(1)), migrationId)
                .stream().findFirst();
    }

    /** Queues a round; returns false when that round of that migration is already known. */
    @Transactional(TxType.MANDATORY)
    public boolean queue(String jobName, UUID migrationId, int round, boolean cutover, boolean cbtSync, String sourceHost) {
        return update("insert into sync_job (job_name, migration_id, round, cutover, cbt_sync, source_host, state) "
                + "values (?, ?, ?, ?, ?, ?, 'QUEUED') on conflict do nothing",
                jobName, migrationId, round, cutover, cbtSync, sourceHost) == 1;
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

    private static final String COLUMNS = "job_name, migration_id, round, cutover, cbt_sync, source_host, state, reason, bandwidth_bps";

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getObject(2, UUID.class), rs.getInt(3), rs.getBoolean(4), rs.getBoolean(5),
                rs.getString(6), State.valueOf(rs.getString(7)), rs.getString(8), rs.getLong(9));
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
