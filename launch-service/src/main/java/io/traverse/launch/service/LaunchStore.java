package io.traverse.launch.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.traverse.events.EventJson;
import io.traverse.events.VmConverted;
import io.traverse.launch.Launch;
import io.traverse.launch.LaunchState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

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

/** The {@code launch} and {@code cleanup} tables. Every write joins the caller's transaction. */
@ApplicationScoped
public class LaunchStore {

    private static final String COLUMNS = "migration_id, vm_id, vm_name, instance_name, state, request, instance_id, "
            + "detail, capacity_signalled, attempts, received_at";

    private final DataSource dataSource;

    public LaunchStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts a new PENDING launch; false when the migration already has one. */
    @Transactional(TxType.MANDATORY)
    public boolean insert(UUID migrationId, String instanceName, VmConverted request) {
        return update("""
                insert into launch (migration_id, vm_id, vm_name, instance_name, state, request, vcpus, ram_mb)
                values (?, ?, ?, ?, 'PENDING', ?, ?, ?) on conflict (migration_id) do nothing""",
                migrationId, request.mapping().vm().id(), request.mapping().vm().name(), instanceName, json(request),
                request.mapping().flavor().vcpus(), request.mapping().flavor().ramMb()) == 1;
    }

    /** The launch, locked for update. */
    @Transactional(TxType.MANDATORY)
    public Optional<Launch> lock(UUID migrationId) {
        return one("select " + COLUMNS + " from launch where migration_id = ? for update", migrationId);
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<Launch> find(UUID migrationId) {
        return one("select " + COLUMNS + " from launch where migration_id = ?", migrationId);
    }

    @Transactional(TxType.SUPPORTS)
    public List<Launch> list(int limit) {
        return many("select " + COLUMNS + " from launch order by received_at desc limit ?", limit);
    }

    /** Queued launches, oldest first, locked (other replicas skip them). */
    @Transactional(TxType.MANDATORY)
    public List<Launch> lockQueued(int limit) {
        return many("select " + COLUMNS + " from launch where state in ('PENDING', 'WAITING_CAPACITY') "
                + "order by received_at limit ? for update skip locked", limit);
    }

    /** Whether any launch is queued (PENDING or WAITING_CAPACITY). */
    @Transactional(TxType.SUPPORTS)
    public boolean anyQueued() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select exists (select 1 from launch where state in ('PENDING', 'WAITING_CAPACITY'))");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read launches", e);
        }
    }

    @Transactional(TxType.SUPPORTS)
    public List<Launch> inState(LaunchState state) {
        return many("select " + COLUMNS + " from launch where state = ? order by received_at", state.name());
    }

    /** Moves the launch to {@code state} with a detail for people. */
    @Transactional(TxType.MANDATORY)
    public void setState(UUID migrationId, LaunchState state, String detail) {
        update("update launch set state = ?, detail = ?, updated_at = now() where migration_id = ?",
                state.name(), detail, migrationId);
    }

    /** Back to PENDING with a newer vm.converted (a retry after a failure, or a refresh while waiting). */
    @Transactional(TxType.MANDATORY)
    public void requeue(UUID migrationId, VmConverted request, String detail) {
        update("""
                update launch set state = case when state = 'WAITING_CAPACITY' then 'WAITING_CAPACITY' else 'PENDING' end,
                request = ?, vcpus = ?, ram_mb = ?, detail = ?, instance_id = null, updated_at = now()
                where migration_id = ?""",
                json(request), request.mapping().flavor().vcpus(), request.mapping().flavor().ramMb(), detail, migrationId);
    }

    @Transactional(TxType.MANDATORY)
    public void markWaiting(UUID migrationId, String detail, boolean signalled) {
        update("update launch set state = 'WAITING_CAPACITY', detail = ?, capacity_signalled = capacity_signalled or ?, "
                + "updated_at = now() where migration_id = ?", detail, signalled, migrationId);
    }

    /**
     * Admitted: the wait (if any) is over, so a later wait of the same migration (after a failed launch and
     * migration-api's retry) is signalled again.
     */
    @Transactional(TxType.MANDATORY)
    public void markLaunching(UUID migrationId, String detail) {
        update("update launch set state = 'LAUNCHING', detail = ?, attempts = attempts + 1, capacity_signalled = false, "
                + "updated_at = now() where migration_id = ?", detail, migrationId);
    }

    @Transactional(TxType.MANDATORY)
    public void setInstance(UUID migrationId, String instanceId) {
        update("update launch set instance_id = ?, updated_at = now() where migration_id = ?", instanceId, migrationId);
    }

    // ---- cleanup ----

    /** A cleanup request: inserted, or an earlier finished one asked for again. */
    @Transactional(TxType.MANDATORY)
    public void requestCleanup(UUID migrationId, String sourceVmId, String reason) {
        update("""
                insert into cleanup (migration_id, source_vm_id, reason, state) values (?, ?, ?, 'PENDING')
                on conflict (migration_id) do update set state = 'PENDING', reason = excluded.reason,
                source_vm_id = coalesce(excluded.source_vm_id, cleanup.source_vm_id), attempts = 0,
                next_attempt_at = now(), updated_at = now()""", migrationId, sourceVmId, reason);
    }

    /** A cleanup row. */
    public record CleanupRow(UUID migrationId, String sourceVmId, String reason, String state, int attempts,
                             String result, Instant requestedAt, Instant updatedAt) {
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<CleanupRow> cleanup(UUID migrationId) {
        List<CleanupRow> rows = cleanups("select migration_id, source_vm_id, reason, state, attempts, result, "
                + "requested_at, updated_at from cleanup where migration_id = ?", migrationId);
        return rows.stream().findFirst();
    }

    /** Cleanups due now, locked. */
    @Transactional(TxType.MANDATORY)
    public List<CleanupRow> lockDueCleanups(int limit) {
        return cleanups("select migration_id, source_vm_id, reason, state, attempts, result, requested_at, updated_at "
                + "from cleanup where state = 'PENDING' and next_attempt_at <= now() order by requested_at limit ? "
                + "for update skip locked", limit);
    }

    @Transactional(TxType.MANDATORY)
    public void finishCleanup(UUID migrationId, String state, String result, Instant nextAttemptAt) {
        update("update cleanup set state = ?, result = ?, attempts = attempts + 1, next_attempt_at = ?, "
                + "updated_at = now() where migration_id = ?", state, result,
                Timestamp.from(nextAttemptAt == null ? Instant.now() : nextAttemptAt), migrationId);
    }

    // ---- plumbing ----

    private static String json(VmConverted request) {
        try {
            return EventJson.mapper().writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode vm.converted", e);
        }
    }

    private static VmConverted request(String json) {
        try {
            return EventJson.mapper().readValue(json, VmConverted.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot decode the stored vm.converted", e);
        }
    }

    private Optional<Launch> one(String sql, Object... args) {
        return many(sql, args).stream().findFirst();
    }

    private List<Launch> many(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<Launch> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Launch(rs.getObject("migration_id", UUID.class), rs.getString("vm_id"),
                            rs.getString("vm_name"), rs.getString("instance_name"),
                            LaunchState.valueOf(rs.getString("state")), request(rs.getString("request")),
                            rs.getString("instance_id"), rs.getString("detail"), rs.getBoolean("capacity_signalled"),
                            rs.getInt("attempts"), rs.getTimestamp("received_at").toInstant()));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read launches", e);
        }
    }

    private List<CleanupRow> cleanups(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<CleanupRow> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new CleanupRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getInt(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
                            rs.getTimestamp(8).toInstant()));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read cleanups", e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write launch state", e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
