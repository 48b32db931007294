package io.traverse.migration.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.traverse.events.EventJson;
import io.traverse.events.MigrationMode;
import io.traverse.events.Phase;
import io.traverse.events.VmConverted;
import io.traverse.migration.MigrationState;
import io.traverse.migration.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.traverse.migration.db.Jdbc.boolOrNull;
import static io.traverse.migration.db.Jdbc.doubleOrNull;
import static io.traverse.migration.db.Jdbc.instant;
import static io.traverse.migration.db.Jdbc.intOrNull;
import static io.traverse.migration.db.Jdbc.longOrNull;

/** Table {@code migration}: one row per VM migration, the system of record of its state. */
@ApplicationScoped
public class MigrationStore {

    private static final ObjectMapper JSON = EventJson.mapper();

    private final Jdbc jdbc;

    public MigrationStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(MigrationRecord m) {
        MigrationRecord.Settings s = m.settings;
        jdbc.update("""
                insert into migration (id, plan_id, wave, job_id, vm_id, vm_name, mode, state, phase_detail, requested_by,
                  precopy_interval_s, cutover_policy, cutover_at, cutover_window, downtime_target_s, step_delay_ms,
                  max_attempts, flavor_override, drop_nics, mapping_id, preserve_mac, preserve_ip, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                m.id, m.planId, m.wave, m.jobId, m.vmId, m.vmName, s.mode(), m.state, m.phaseDetail, s.requestedBy(),
                s.precopyInterval().toSeconds(), s.cutoverPolicy(), s.cutoverAt(),
                s.cutoverWindow() == null ? null : s.cutoverWindow().toString(),
                s.downtimeTarget() == null ? null : s.downtimeTarget().toSeconds(), s.stepDelay().toMillis(),
                s.maxAttempts(), s.flavorOverride(), json(s.dropNics()), s.mappingId(), s.preserveMac(), s.preserveIp(),
                m.createdAt, m.createdAt);
    }

    /** The row, locked until the transaction ends: one writer per migration at a time. */
    public Optional<MigrationRecord> lock(UUID id) {
        return jdbc.queryOne("select * from migration where id = ? for update", MigrationStore::map, id);
    }

    public Optional<MigrationRecord> find(UUID id) {
        return jdbc.queryOne("select * from migration where id = ?", MigrationStore::map, id);
    }

    /** Writes back everything a handler or command may change, and bumps the version. */
    public void update(MigrationRecord m, Instant now) {
        m.version++;
        m.updatedAt = now;
        jdbc.update("""
                update migration set state = ?, phase_detail = ?, round = ?, round_in_flight = ?, round_is_cutover = ?,
                  round_started_at = ?, prev_round_started_at = ?, last_round_bytes = ?, last_round_seconds = ?,
                  cutover_requested = ?, cutover_reason = ?, dirty_rate_bps = ?, throughput_bps = ?,
                  predicted_downtime_s = ?, next_action = ?, next_action_at = ?, attempts = ?, failure = ?,
                  failure_phase = ?, failure_retryable = ?, vcpus = ?, memory_mb = ?, disk_bytes = ?, flavor_name = ?,
                  instance_name = ?, ip_addresses = ?, bytes_transferred = ?, bytes_total = ?, admitted_at = ?,
                  finished_at = ?, updated_at = ?, version = ?, launch_request = ?
                where id = ?""",
                m.state, m.phaseDetail, m.round, m.roundInFlight, m.roundIsCutover, m.roundStartedAt,
                m.previousRoundStartedAt, m.lastRoundBytes, m.lastRoundSeconds, m.cutoverRequested, m.cutoverReason,
                m.dirtyRateBps, m.throughputBps, m.predictedDowntimeSeconds, m.nextAction, m.nextActionAt, m.attempts,
                m.failure, m.failurePhase, m.failureRetryable, m.vcpus, m.memoryMb, m.diskBytes, m.flavorName,
                m.instanceName, m.ipAddresses, m.bytesTransferred, m.bytesTotal, m.admittedAt, m.finishedAt,
                m.updatedAt, m.version, m.launchRequest == null ? null : json(m.launchRequest), m.id);
    }

    /** Ids of migrations whose own next action is due, oldest first. */
    public List<UUID> due(Instant now, int limit) {
        return jdbc.query("select id from migration where next_action is not null and next_action_at <= ? "
                + "and not archived order by next_action_at limit ?", rs -> rs.getObject(1, UUID.class), now, limit);
    }

    /** Whether the VM is held by an active migration (other than {@code except}). */
    public Optional<UUID> activeMigrationOf(String vmId) {
        return jdbc.queryOne("select id from migration where vm_id = ? and not archived and state in ("
                + MigrationState.sqlList(MigrationState.ACTIVE) + ")", rs -> rs.getObject(1, UUID.class), vmId);
    }

    public static MigrationRecord mapRow(ResultSet rs) throws SQLException {
        return map(rs);
    }

    static MigrationRecord map(ResultSet rs) throws SQLException {
        Long interval = longOrNull(rs, "precopy_interval_s");
        Long downtime = longOrNull(rs, "downtime_target_s");
        String window = rs.getString("cutover_window");
        MigrationRecord.Settings settings = new MigrationRecord.Settings(
                MigrationMode.valueOf(rs.getString("mode")),
                interval == null ? null : Duration.ofSeconds(interval),
                CutoverPolicy.valueOf(rs.getString("cutover_policy")),
                instant(rs, "cutover_at"),
                CutoverWindow.parse(window),
                downtime == null ? null : Duration.ofSeconds(downtime),
                Duration.ofMillis(rs.getLong("step_delay_ms")),
                rs.getInt("max_attempts"),
                rs.getString("flavor_override"),
                strings(rs.getString("drop_nics")),
                rs.getString("requested_by"),
                rs.getObject("mapping_id", UUID.class),
                rs.getObject("preserve_mac", Boolean.class),
                rs.getObject("preserve_ip", Boolean.class));
        MigrationRecord m = new MigrationRecord(rs.getObject("id", UUID.class), rs.getObject("plan_id", UUID.class),
                intOrNull(rs, "wave"), rs.getObject("job_id", UUID.class), rs.getString("vm_id"),
                rs.getString("vm_name"), settings, instant(rs, "created_at"));
        m.state = MigrationState.valueOf(rs.getString("state"));
        m.phaseDetail = rs.getString("phase_detail");
        m.version = rs.getLong("version");
        m.round = rs.getInt("round");
        m.roundInFlight = rs.getBoolean("round_in_flight");
        m.roundIsCutover = rs.getBoolean("round_is_cutover");
        m.roundStartedAt = instant(rs, "round_started_at");
        m.previousRoundStartedAt = instant(rs, "prev_round_started_at");
        m.lastRoundBytes = longOrNull(rs, "last_round_bytes");
        m.lastRoundSeconds = doubleOrNull(rs, "last_round_seconds");
        m.cutoverRequested = rs.getBoolean("cutover_requested");
        m.cutoverReason = rs.getString("cutover_reason");
        m.dirtyRateBps = doubleOrNull(rs, "dirty_rate_bps");
        m.throughputBps = doubleOrNull(rs, "throughput_bps");
        m.predictedDowntimeSeconds = doubleOrNull(rs, "predicted_downtime_s");
        String action = rs.getString("next_action");
        m.nextAction = action == null ? null : NextAction.valueOf(action);
        m.nextActionAt = instant(rs, "next_action_at");
        m.attempts = rs.getInt("attempts");
        m.failure = rs.getString("failure");
        String phase = rs.getString("failure_phase");
        m.failurePhase = phase == null ? null : Phase.valueOf(phase);
        m.failureRetryable = boolOrNull(rs, "failure_retryable");
        m.launchRequest = launchRequest(rs.getString("launch_request"));
        m.vcpus = intOrNull(rs, "vcpus");
        m.memoryMb = longOrNull(rs, "memory_mb");
        m.diskBytes = longOrNull(rs, "disk_bytes");
        m.flavorName = rs.getString("flavor_name");
        m.instanceName = rs.getString("instance_name");
        m.ipAddresses = rs.getString("ip_addresses");
        m.bytesTransferred = longOrNull(rs, "bytes_transferred");
        m.bytesTotal = longOrNull(rs, "bytes_total");
        m.admittedAt = instant(rs, "admitted_at");
        m.finishedAt = instant(rs, "finished_at");
        m.updatedAt = instant(rs, "updated_at");
        return m;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static VmConverted launchRequest(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, VmConverted.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bad vm.converted JSON in the database", e);
        }
    }

    static List<String> strings(String json) {
        if (json == null || json.isBlank()) {
            return new ArrayList<>();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bad JSON list in the database: " + json, e);
        }
    }
}
