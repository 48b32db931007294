package io.traverse.conversion.dispatch;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventJson;
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

/** The conversion_job table (schema conversion): one row per VM conversion, shared by the dispatcher and its Job. */
@ApplicationScoped
public class ConversionJobs {

    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED }

    public record Row(String jobName, UUID migrationId, String vmId, EventEnvelope trigger, State state, String failure,
                      Boolean retryable, String path, String reason) {

        /** The cutover round whose disk.synced queued this conversion. */
        public int round() {
            return ((io.traverse.events.DiskSynced) trigger.data()).round();
        }
    }

    private static final String COLUMNS = "job_name, migration_id, vm_id, trigger_event, state, failure, retryable, path, reason";

    private final DataSource ds;

    public ConversionJobs(DataSource ds) {
        this.ds = ds;
    }

    /** Queues a conversion; false when this round's conversion is already known (a redelivery). */
    @Transactional(TxType.MANDATORY)
    public boolean queue(String jobName, EventEnvelope diskSynced, String vmId) {
        return update("insert into conversion_job (job_name, migration_id, vm_id, trigger_event, state) "
                + "values (?, ?, ?, ?, 'QUEUED') on conflict do nothing",
                jobName, diskSynced.migrationId(), vmId, EventJson.encodeToString(diskSynced)) == 1;
    }

    /** Queued conversions, oldest first, locked for this dispatcher (another replica skips them). */
    @Transactional(TxType.MANDATORY)
    public List<Row> lockQueued(int limit) {
        return query("select " + COLUMNS + " from conversion_job where state = 'QUEUED' order by created_at limit ? "
                + "for update skip locked", ConversionJobs::row, limit);
    }

    @Transactional(TxType.SUPPORTS)
    public int countRunning() {
        return query("select count(*) from conversion_job where state = 'RUNNING'", rs -> rs.getInt(1)).getFirst();
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<Row> find(String jobName) {
        return query("select " + COLUMNS + " from conversion_job where job_name = ?", ConversionJobs::row, jobName).stream().findFirst();
    }

    /** The migration's newest conversion (the one of its latest cutover round). */
    @Transactional(TxType.SUPPORTS)
    public Optional<Row> find(UUID migrationId) {
        return query("select " + COLUMNS + " from conversion_job where migration_id = ? order by created_at desc limit 1",
                ConversionJobs::row, migrationId).stream().findFirst();
    }

    @Transactional(TxType.MANDATORY)
    public void markRunning(String jobName) {
        update("update conversion_job set state = 'RUNNING', failure = null, retryable = null, updated_at = now() "
                + "where job_name = ? and state = 'QUEUED'", jobName);
    }

    /** The Job's result, in the transaction that publishes vm.converted. */
    @Transactional(TxType.MANDATORY)
    public boolean succeed(String jobName, String path, String reason, long tookMs) {
        return update("update conversion_job set state = 'SUCCEEDED', path = ?, reason = ?, took_ms = ?, updated_at = now() "
                + "where job_name = ? and state = 'RUNNING'", path, reason, tookMs, jobName) == 1;
    }

    /** What the Job found wrong, written before it exits non-zero; the dispatcher reports it when the Job fails. */
    @Transactional(TxType.REQUIRES_NEW)
    public void recordFailure(String jobName, String failure, boolean retryable) {
        update("update conversion_job set failure = ?, retryable = ?, updated_at = now() where job_name = ? and state = 'RUNNING'",
                failure, retryable, jobName);
    }

    /** Moves a running conversion to FAILED; false when it was not running (already reported). */
    @Transactional(TxType.MANDATORY)
    public boolean fail(String jobName) {
        return update("update conversion_job set state = 'FAILED', updated_at = now() where job_name = ? and state = 'RUNNING'",
                jobName) == 1;
    }

    private static Row row(ResultSet rs) throws SQLException {
        Object retryable = rs.getObject(7);
        return new Row(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), EventJson.decode(rs.getString(4)),
                State.valueOf(rs.getString(5)), rs.getString(6), retryable == null ? null : (Boolean) retryable,
                rs.getString(8), rs.getString(9));
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
