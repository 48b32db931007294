package io.traverse.migration.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import io.traverse.events.EventJson;
import io.traverse.events.InventoryChange;
import io.traverse.events.InventoryChanged;
import io.traverse.events.MigrationMode;
import io.traverse.migration.DetailedProblemException;
import io.traverse.migration.MigrationState;
import io.traverse.migration.db.Jdbc;
import io.traverse.migration.engine.CutoverPolicy;
import io.traverse.migration.engine.CutoverWindow;
import io.traverse.migration.engine.MigrationEngine;
import io.traverse.migration.engine.MigrationRecord;
import io.traverse.migration.inventory.InventoryClient;
import io.traverse.migration.mapping.MappingService;
import io.traverse.migration.preflight.PreflightContext;
import io.traverse.migration.preflight.PreflightReport;
import io.traverse.migration.preflight.PreflightService;
import io.traverse.migration.service.MigrationView;
import io.traverse.support.rest.Problem;
import io.traverse.support.rest.ProblemException;
import io.traverse.support.rest.ProblemTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Migration plans: CRUD, the CSV import, waves (given or from the dependency graph), preflight, and the start of a
 * plan or one of its waves. A start answers at once: it queues one migration per VM (all or none) and the
 * orchestrator admits them after commit.
 */
@ApplicationScoped
@Transactional(TxType.REQUIRED)
public class PlanService {

    public static final String CSV_IMPORT = "urn:traverse:problem:csv-import";
    public static final String PREFLIGHT_FAILED = "urn:traverse:problem:preflight-failed";
    private static final ObjectMapper JSON = EventJson.mapper();
    private static final Duration PREFLIGHT_FRESH = Duration.ofMinutes(15);

    private final Jdbc jdbc;
    private final MappingService mappings;
    private final InventoryClient inventory;
    private final PreflightService preflight;
    private final MigrationEngine engine;

    public PlanService(Jdbc jdbc, MappingService mappings, InventoryClient inventory, PreflightService preflight,
                       MigrationEngine engine) {
        this.jdbc = jdbc;
        this.mappings = mappings;
        this.inventory = inventory;
        this.preflight = preflight;
        this.engine = engine;
    }

    public Plan create(Plan.Body body, String by) {
        List<Plan.PlanVm> vms = checked(body);
        UUID id = UUID.randomUUID();
        try {
            jdbc.update("""
                    insert into plan (id, name, description, mapping_id, mode, precopy_interval_s, cutover_policy, cutover_at,
                      cutover_window, downtime_target_s, max_concurrent, max_concurrent_per_wave, max_attempts,
                      step_delay_ms, on_failure, wave_strategy, preserve_mac, preserve_ip, created_by)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", params(id, body, by));
        } catch (Jdbc.DataAccessException e) {
            throw duplicate(e, body.name());
        }
        insertVms(id, vms, 0);
        return find(id).orElseThrow();
    }

    public Plan replace(UUID id, Plan.Body body) {
        Plan existing = find(id).orElseThrow(() -> ProblemException.notFound("Plan " + id));
        List<Plan.PlanVm> vms = checked(body);
        Object[] p = params(id, body, existing.createdBy());
        try {
            jdbc.update("""
                    update plan set name = ?, description = ?, mapping_id = ?, mode = ?, precopy_interval_s = ?,
                      cutover_policy = ?, cutover_at = ?, cutover_window = ?, downtime_target_s = ?, max_concurrent = ?,
                      max_concurrent_per_wave = ?, max_attempts = ?, step_delay_ms = ?, on_failure = ?, wave_strategy = ?,
                      preserve_mac = ?, preserve_ip = ?, updated_at = now() where id = ?""",
                    p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15],
                    p[16], p[17], id);
        } catch (Jdbc.DataAccessException e) {
            throw duplicate(e, body.name());
        }
        jdbc.update("delete from plan_vm where plan_id = ?", id);
        insertVms(id, vms, 0);
        return find(id).orElseThrow();
    }

    public void delete(UUID id) {
        find(id).orElseThrow(() -> ProblemException.notFound("Plan " + id));
        long active = jdbc.count("select count(*) from migration where plan_id = ? and not archived and state in ("
                + MigrationState.sqlList(MigrationState.ACTIVE) + ")", id);
        if (active > 0) {
            throw ProblemException.conflict("Plan " + id + " has " + active + " active migration(s); cancel them first");
        }
        jdbc.update("delete from plan where id = ?", id);
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<Plan> find(UUID id) {
        Optional<Plan> plan = jdbc.queryOne("select * from plan where id = ?", rs -> map(rs, List.of()), id);
        return plan.map(p -> withVms(p, vmsOf(id)));
    }

    @Transactional(TxType.SUPPORTS)
    public List<Plan> list() {
        Map<UUID, List<Plan.PlanVm>> vms = new HashMap<>();
        jdbc.query("select * from plan_vm order by plan_id, position", rs -> {
            vms.computeIfAbsent(rs.getObject("plan_id", UUID.class), k -> new ArrayList<>()).add(mapVm(rs));
            return null;
        });
        return jdbc.query("select * from plan order by created_at", rs -> map(rs, List.of())).stream()
                .map(p -> withVms(p, vms.getOrDefault(p.id(), List.of()))).toList();
    }

    /**
     * Adds the VMs named in a CSV file to the plan (or replaces its VMs). Every line with a problem is reported, and
     * then nothing is imported.
     */
    public Plan importCsv(UUID id, String csv, boolean replace) {
        Plan plan = find(id).orElseThrow(() -> ProblemException.notFound("Plan " + id));
        Set<String> already = replace ? Set.of()
                : plan.vms().stream().map(Plan.PlanVm::vmId).collect(Collectors.toSet());
        CsvImport.Result result = CsvImport.parse(csv, inventory.vms(), already);
        if (!result.ok()) {
            String detail = result.errors().size() + " line(s) rejected, nothing imported: " + result.errors().stream()
                    .map(e -> "line " + e.line() + ": " + e.message()).collect(Collectors.joining("; "));
            throw new DetailedProblemException(new Problem(CSV_IMPORT, "CSV import rejected", 422, detail, null,
                    result.errors().stream().map(e -> new Problem.FieldError("line " + e.line() + "." + e.column(),
                            e.message())).toList()), Map.of("lines", result.errors()));
        }
        List<Plan.PlanVm> all = new ArrayList<>(replace ? List.of() : plan.vms());
        all.addAll(result.vms());
        List<Plan.PlanVm> waved = plan.waveStrategy() == Plan.WaveStrategy.DEPENDENCIES
                ? WavePlanner.assignWaves(all) : all;
        jdbc.update("delete from plan_vm where plan_id = ?", id);
        insertVms(id, waved, 0);
        jdbc.update("update plan set updated_at = now() where id = ?", id);
        return find(id).orElseThrow();
    }

    /** Runs the preflight rules over the plan (or one wave) and keeps the report for the start. */
    @TransactionConfiguration(timeout = MappingService.TARGET_CHECK_TX_TIMEOUT_S)
    public PreflightReport preflight(UUID id, Integer wave) {
        Plan plan = find(id).orElseThrow(() -> ProblemException.notFound("Plan " + id));
        PreflightReport report = runPreflight(plan, selected(plan, wave));
        if (wave == null) {
            Instant planUpdated = jdbc.queryOne("select updated_at from plan where id = ?", rs -> Jdbc.instant(rs, "updated_at"), id).orElseThrow();
            jdbc.update("""
                    insert into preflight_report (plan_id, ran_at, plan_updated_at, blocking, results) values (?, ?, ?, ?, ?)
                    on conflict (plan_id) do update set ran_at = excluded.ran_at, plan_updated_at = excluded.plan_updated_at,
                      blocking = excluded.blocking, results = excluded.results""",
                    id, report.ranAt(), planUpdated, report.blocking(), json(report));
        }
        return report;
    }

    /**
     * discovery-service saw source VMs change (power state, name, added, removed): a stored preflight of a plan with
     * one of them no longer says what a start would find, so it is dropped and the next start asks the inventory
     * again. Returns how many stored reports were dropped. migration-api keeps no other copy of the source state.
     */
    public int inventoryChanged(InventoryChanged changed) {
        String[] vmIds = changed.changes().stream().map(InventoryChange::vmId).distinct().toArray(String[]::new);
        return jdbc.update("delete from preflight_report r where exists "
                + "(select 1 from plan_vm v where v.plan_id = r.plan_id and v.vm_id = any(?))", (Object) vmIds);
    }

    /** What a start did: the job, and the migrations it queued (and the VMs it skipped because they are done). */
    public record StartResult(UUID jobId, UUID planId, Integer wave, List<MigrationView> migrations,
                              List<String> skipped, PreflightReport preflight) {
    }

    /**
     * Starts the plan, or one wave of it: 409 when a VM is already in an active migration (naming each) or when
     * preflight has critical findings (with all findings). Reuses the plan's stored preflight while it is fresh.
     */
    @TransactionConfiguration(timeout = MappingService.TARGET_CHECK_TX_TIMEOUT_S)
    public StartResult start(UUID id, Integer wave, String by) {
        Plan plan = find(id).orElseThrow(() -> ProblemException.notFound("Plan " + id));
        List<Plan.PlanVm> selected = selected(plan, wave);
        if (selected.isEmpty()) {
            throw new ProblemException(ProblemTypes.CONFLICT, "Nothing to start", 409,
                    "Plan " + plan.name() + (wave == null ? "" : " has no wave " + wave + " or it") + " has no VMs");
        }
        Set<String> migrated = new HashSet<>(jdbc.query("select vm_id from migration where plan_id = ? and state = 'MIGRATED' "
                + "and not archived", rs -> rs.getString(1), id));
        List<String> skipped = selected.stream().filter(v -> migrated.contains(v.vmId())).map(Plan.PlanVm::vmName).toList();
        selected = selected.stream().filter(v -> !migrated.contains(v.vmId())).toList();
        if (selected.isEmpty()) {
            throw new ProblemException(ProblemTypes.CONFLICT, "Nothing to start", 409, "every selected VM is already migrated");
        }
        List<String> busy = activeVms(selected);
        if (!busy.isEmpty()) {
            throw new ProblemException("urn:traverse:problem:vm-already-migrating", "VM already in a migration", 409,
                    "already in an active migration, cannot be added twice: " + String.join(", ", busy));
        }
        PreflightReport report = (wave == null ? storedPreflight(id) : Optional.<PreflightReport>empty())
                .orElseGet(() -> runPreflight(plan, selectedAll(plan, wave)));
        if (report.blocking()) {
            throw new DetailedProblemException(Problem.of(PREFLIGHT_FAILED, "Preflight found critical problems", 409,
                    report.critical() + " critical finding(s) block the start; fix them and run preflight again"),
                    Map.of("preflight", report));
        }
        UUID jobId = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<MigrationView> created = new ArrayList<>();
        try {
            for (Plan.PlanVm vm : selected) {
                MigrationRecord m = new MigrationRecord(UUID.randomUUID(), plan.id(), vm.wave(), jobId, vm.vmId(),
                        vm.vmName(), settings(plan, vm, by), now);
                engine.create(m, "queued for admission (wave " + vm.wave() + ")");
                created.add(MigrationView.of(m, null));
            }
        } catch (Jdbc.DataAccessException e) {
            if (e.isUniqueViolation()) {
                throw new ProblemException("urn:traverse:problem:vm-already-migrating", "VM already in a migration", 409,
                        "a VM of this start was added to another migration at the same moment; nothing was started");
            }
            throw e;
        }
        return new StartResult(jobId, id, wave, created, skipped, report);
    }

    private List<String> activeVms(List<Plan.PlanVm> vms) {
        List<String> ids = vms.stream().map(Plan.PlanVm::vmId).toList();
        Map<String, String> names = vms.stream().collect(Collectors.toMap(Plan.PlanVm::vmId, Plan.PlanVm::vmName, (a, b) -> a));
        return jdbc.query("select vm_id from migration where not archived and state in ("
                        + MigrationState.sqlList(MigrationState.ACTIVE) + ") and vm_id = any(?)",
                rs -> names.get(rs.getString(1)) + " (" + rs.getString(1) + ")", (Object) ids.toArray(new String[0]));
    }

    private Optional<PreflightReport> storedPreflight(UUID id) {
        return jdbc.queryOne("""
                select r.results, r.ran_at from preflight_report r join plan p on p.id = r.plan_id
                where r.plan_id = ? and r.plan_updated_at = p.updated_at""", rs -> {
            if (Jdbc.instant(rs, "ran_at").isBefore(Instant.now().minus(PREFLIGHT_FRESH))) {
                return null;
            }
            try {
                PreflightReport whole = JSON.readValue(rs.getString(1), PreflightReport.class);
                return whole;
            } catch (JsonProcessingException e) {
                return null;
            }
        }, id).filter(r -> r != null);
    }

    private PreflightReport runPreflight(Plan plan, List<Plan.PlanVm> vms) {
        var mapping = plan.mappingId() == null ? Optional.<io.traverse.migration.mapping.InfraMapping>empty()
                : mappings.find(plan.mappingId());
        return preflight.run(plan.mode(), vms.stream().map(v -> new PreflightContext.Candidate(v.vmId(), v.vmName(),
                v.flavorOverride(), v.dropNics())).toList(), mapping);
    }

    private static List<Plan.PlanVm> selected(Plan plan, Integer wave) {
        return selectedAll(plan, wave);
    }

    private static List<Plan.PlanVm> selectedAll(Plan plan, Integer wave) {
        return wave == null ? plan.vms() : plan.vms().stream().filter(v -> wave.equals(v.wave())).toList();
    }

    static MigrationRecord.Settings settings(Plan plan, Plan.PlanVm vm, String by) {
        Plan.Cutover c = plan.cutover();
        return new MigrationRecord.Settings(plan.mode(), plan.precopyInterval(), c == null ? null : c.policy(),
                vm.cutoverAt() != null ? vm.cutoverAt() : c == null ? null : c.at(),
                c == null ? null : CutoverWindow.parse(c.window()), c == null ? null : c.downtimeTarget(),
                plan.stepDelay(), plan.maxAttempts(), vm.flavorOverride(), vm.dropNics(), by, plan.mappingId(),
                plan.preserveMac(), plan.preserveIp());
    }

    /** Checks what bean validation cannot and returns the VMs with their waves. */
    private List<Plan.PlanVm> checked(Plan.Body body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body.mappingId() != null && mappings.find(body.mappingId()).isEmpty()) {
            errors.add(new Problem.FieldError("mappingId", "no mapping " + body.mappingId()));
        }
        Duration delay = body.stepDelay();
        if (delay != null && !delay.isZero() && (delay.compareTo(Duration.ofSeconds(5)) < 0 || delay.compareTo(Duration.ofSeconds(20)) > 0)) {
            errors.add(new Problem.FieldError("stepDelay", "the demo step delay is 0 or between PT5S and PT20S"));
        }
        if (body.precopyInterval() != null && body.precopyInterval().compareTo(Duration.ofSeconds(1)) < 0) {
            errors.add(new Problem.FieldError("precopyInterval", "must be at least PT1S"));
        }
        if (body.cutover() != null && body.cutover().policy() == CutoverPolicy.SCHEDULED && body.cutover().at() == null
                && body.vms().stream().anyMatch(v -> v.cutoverAt() == null)) {
            errors.add(new Problem.FieldError("cutover.at", "a SCHEDULED cutover needs a time for the plan or for every VM"));
        }
        if (body.mode() == MigrationMode.COLD && body.cutover() != null && body.cutover().policy() != null
                && body.cutover().policy() != CutoverPolicy.NOW) {
            errors.add(new Problem.FieldError("cutover.policy", "a cold migration cuts over at once; use NOW or leave it out"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < body.vms().size(); i++) {
            if (!seen.add(body.vms().get(i).vmId())) {
                errors.add(new Problem.FieldError("vms[" + i + "].vmId", "duplicate: " + body.vms().get(i).vmId()
                        + " is already in the plan"));
            }
        }
        if (!errors.isEmpty()) {
            throw new DetailedProblemException(new Problem(ProblemTypes.VALIDATION, "Invalid input", 400,
                    errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), null, errors));
        }
        List<Plan.PlanVm> vms = body.vms().stream()
                .map(v -> v.wave() == null ? v.inWave(1) : v).toList();
        return body.waveStrategy() == Plan.WaveStrategy.DEPENDENCIES ? WavePlanner.assignWaves(vms) : vms;
    }

    private Object[] params(UUID id, Plan.Body b, String by) {
        Plan.Cutover c = b.cutover();
        CutoverPolicy policy = c == null || c.policy() == null
                ? (b.mode() == MigrationMode.COLD ? CutoverPolicy.NOW : CutoverPolicy.MANUAL) : c.policy();
        return new Object[] {id, b.name(), b.description(), b.mappingId(), b.mode(),
                b.precopyInterval() == null ? null : b.precopyInterval().toSeconds(), policy,
                c == null ? null : c.at(), c == null ? null : c.window(),
                c == null || c.downtimeTarget() == null ? null : c.downtimeTarget().toSeconds(),
                b.concurrency() == null ? null : b.concurrency().total(),
                b.concurrency() == null ? null : b.concurrency().perWave(),
                b.maxAttempts() == null ? 3 : b.maxAttempts(),
                b.stepDelay() == null ? 0L : b.stepDelay().toMillis(),
                b.onFailure() == null ? Plan.OnFailure.CONTINUE : b.onFailure(),
                b.waveStrategy() == null ? Plan.WaveStrategy.MANUAL : b.waveStrategy(),
                b.preserveMac() == null || b.preserveMac(), b.preserveIp() != null && b.preserveIp(), by};
    }

    private void insertVms(UUID planId, List<Plan.PlanVm> vms, int offset) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < vms.size(); i++) {
            Plan.PlanVm v = vms.get(i);
            rows.add(new Object[] {planId, v.vmId(), v.vmName(), offset + i, v.wave() == null ? 1 : v.wave(),
                    v.flavorOverride(), json(v.dropNics()), v.cutoverAt(), json(v.dependsOn())});
        }
        jdbc.batch("insert into plan_vm (plan_id, vm_id, vm_name, position, wave, flavor_override, drop_nics, cutover_at, "
                + "depends_on) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
    }

    private List<Plan.PlanVm> vmsOf(UUID planId) {
        return jdbc.query("select * from plan_vm where plan_id = ? order by position", PlanService::mapVm, planId);
    }

    private static Plan.PlanVm mapVm(ResultSet rs) throws SQLException {
        return new Plan.PlanVm(rs.getString("vm_id"), rs.getString("vm_name"), rs.getInt("wave"),
                rs.getString("flavor_override"), strings(rs.getString("drop_nics")), Jdbc.instant(rs, "cutover_at"),
                strings(rs.getString("depends_on")));
    }

    private static Plan map(ResultSet rs, List<Plan.PlanVm> vms) throws SQLException {
        Long interval = Jdbc.longOrNull(rs, "precopy_interval_s");
        Long downtime = Jdbc.longOrNull(rs, "downtime_target_s");
        Integer total = Jdbc.intOrNull(rs, "max_concurrent");
        Integer perWave = Jdbc.intOrNull(rs, "max_concurrent_per_wave");
        return new Plan(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("description"),
                rs.getObject("mapping_id", UUID.class), MigrationMode.valueOf(rs.getString("mode")),
                interval == null ? null : Duration.ofSeconds(interval),
                new Plan.Cutover(CutoverPolicy.valueOf(rs.getString("cutover_policy")), Jdbc.instant(rs, "cutover_at"),
                        rs.getString("cutover_window"), downtime == null ? null : Duration.ofSeconds(downtime)),
                total == null && perWave == null ? null : new Plan.Concurrency(total, perWave),
                rs.getInt("max_attempts"), Duration.ofMillis(rs.getLong("step_delay_ms")),
                Plan.OnFailure.valueOf(rs.getString("on_failure")), Plan.WaveStrategy.valueOf(rs.getString("wave_strategy")),
                rs.getBoolean("preserve_mac"), rs.getBoolean("preserve_ip"), vms, List.of(), rs.getString("created_by"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"));
    }

    private static Plan withVms(Plan p, List<Plan.PlanVm> vms) {
        Map<Integer, List<String>> waves = new TreeMap<>();
        for (Plan.PlanVm v : vms) {
            waves.computeIfAbsent(v.wave(), k -> new ArrayList<>()).add(v.vmName());
        }
        List<Plan.Wave> list = waves.entrySet().stream().map(e -> new Plan.Wave(e.getKey(), e.getValue())).toList();
        return new Plan(p.id(), p.name(), p.description(), p.mappingId(), p.mode(), p.precopyInterval(), p.cutover(),
                p.concurrency(), p.maxAttempts(), p.stepDelay(), p.onFailure(), p.waveStrategy(), p.preserveMac(),
                p.preserveIp(), vms, list,
                p.createdBy(), p.createdAt(), p.updatedAt());
    }

    private static ProblemException duplicate(Jdbc.DataAccessException e, String name) {
        if (e.isUniqueViolation()) {
            return ProblemException.conflict("A plan named '" + name + "' already exists");
        }
        throw e;
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> strings(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <K, V> Map<K, V> ordered() {
        return new LinkedHashMap<>();
    }
}
