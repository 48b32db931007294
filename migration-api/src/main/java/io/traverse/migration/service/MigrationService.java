package io.traverse.migration.service;

import io.traverse.events.MigrationMode;
import io.traverse.migration.MigrationState;
import io.traverse.migration.db.Jdbc;
import io.traverse.migration.engine.CommandRejectedException;
import io.traverse.migration.engine.Commands;
import io.traverse.migration.engine.MigrationEngine;
import io.traverse.migration.engine.MigrationRecord;
import io.traverse.migration.engine.MigrationStore;
import io.traverse.migration.engine.TimelineStore;
import io.traverse.migration.source.SourcePowerOn;
import io.traverse.support.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Single-VM migrations (Layer 1), the read side (one migration, its timeline, the filtered list, the fleet
 * summary) and the operator commands on one migration. The transaction boundary for all of them.
 */
@ApplicationScoped
@Transactional(TxType.REQUIRED)
public class MigrationService {

    private final MigrationEngine engine;
    private final MigrationStore store;
    private final TimelineStore timeline;
    private final Jdbc jdbc;
    private final SourcePowerOn sourcePower;

    public MigrationService(MigrationEngine engine, MigrationStore store, TimelineStore timeline, Jdbc jdbc,
                            SourcePowerOn sourcePower) {
        this.engine = engine;
        this.store = store;
        this.timeline = timeline;
        this.jdbc = jdbc;
        this.sourcePower = sourcePower;
    }

    /** A request to migrate one VM on its own, outside a plan. */
    public record StartOne(String vmId, String vmName, MigrationMode mode, MigrationRecord.Settings settings) {
    }

    /** Queues one VM; 409 when it is already in an active migration. Admission follows right after commit. */
    public MigrationView start(StartOne request) {
        store.activeMigrationOf(request.vmId()).ifPresent(existing -> {
            throw alreadyActive(request.vmName(), existing);
        });
        UUID id = UUID.randomUUID();
        MigrationRecord m = new MigrationRecord(id, UUID.randomUUID(), null, id, request.vmId(), request.vmName(),
                request.settings(), Instant.now());
        try {
            engine.create(m, "queued for admission");
        } catch (Jdbc.DataAccessException e) {
            if (e.isUniqueViolation()) {
                throw alreadyActive(request.vmName(), null);
            }
            throw e;
        }
        return MigrationView.of(m, List.of());
    }

    static ProblemException alreadyActive(String vmName, UUID existing) {
        return new ProblemException("urn:traverse:problem:vm-already-migrating", "VM already in a migration", 409,
                "VM " + vmName + " is already in an active migration"
                        + (existing == null ? "" : " (" + existing + ")") + "; it cannot be added twice");
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<MigrationView> find(UUID id) {
        return store.find(id).map(m -> MigrationView.of(m, timeline.of(id)));
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<List<TimelineStore.Entry>> timeline(UUID id) {
        return store.find(id).map(m -> timeline.of(id));
    }

    /** Filter of {@code GET /api/migrations}; every part optional. */
    public record Filter(List<MigrationState> states, UUID planId, Integer wave, UUID jobId, String vmName) {
    }

    /** One page of a list. */
    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    @Transactional(TxType.SUPPORTS)
    public Page<MigrationView> list(Filter f, int page, int size) {
        StringBuilder where = new StringBuilder(" where not archived");
        List<Object> params = new ArrayList<>();
        if (f.states() != null && !f.states().isEmpty()) {
            where.append(" and state in (").append(MigrationState.sqlList(java.util.EnumSet.copyOf(f.states()))).append(")");
        }
        if (f.planId() != null) {
            where.append(" and plan_id = ?");
            params.add(f.planId());
        }
        if (f.wave() != null) {
            where.append(" and wave = ?");
            params.add(f.wave());
        }
        if (f.jobId() != null) {
            where.append(" and job_id = ?");
            params.add(f.jobId());
        }
        if (f.vmName() != null && !f.vmName().isBlank()) {
            where.append(" and lower(vm_name) like ?");
            params.add("%" + f.vmName().toLowerCase().replace("%", "\\%").replace("_", "\\_") + "%");
        }
        long total = jdbc.count("select count(*) from migration" + where, params.toArray());
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add((long) page * size);
        List<MigrationView> items = jdbc.query("select * from migration" + where
                        + " order by created_at desc, id limit ? offset ?",
                rs -> MigrationView.of(MigrationStoreAccess.map(rs), null), pageParams.toArray());
        return new Page<>(items, page, size, total);
    }

    /**
     * The dashboard's cards: how many VMs are queued, migrating (in any phase from discovery to launch, or waiting
     * for capacity), migrated, failed; how many sources are powered off by a cutover; and every state's count.
     */
    public record FleetSummary(long total, long queued, long migrating, long waitingCapacity, long migrated,
                               long failed, long cancelled, long rolledBack, long sourcesPoweredOff,
                               long instancesCreated, Map<MigrationState, Long> byState, Instant at) {
    }

    @Transactional(TxType.SUPPORTS)
    public FleetSummary summary() {
        Map<MigrationState, Long> by = new EnumMap<>(MigrationState.class);
        for (MigrationState s : MigrationState.values()) {
            by.put(s, 0L);
        }
        jdbc.query("select state, count(*) from migration where not archived group by state", rs -> {
            by.put(MigrationState.valueOf(rs.getString(1)), rs.getLong(2));
            return null;
        });
        long total = by.values().stream().mapToLong(Long::longValue).sum();
        long migrating = MigrationState.IN_FLIGHT.stream().mapToLong(by::get).sum();
        long poweredOff = jdbc.count("select count(*) from migration where not archived and (state in "
                + "('CUTTING_OVER','CONVERTING','LAUNCHING','MIGRATED','WAITING_CAPACITY') "
                + "or (mode = 'COLD' and state in ('PRECOPYING')))");
        return new FleetSummary(total, by.get(MigrationState.QUEUED), migrating, by.get(MigrationState.WAITING_CAPACITY),
                by.get(MigrationState.MIGRATED), by.get(MigrationState.FAILED), by.get(MigrationState.CANCELLED),
                by.get(MigrationState.ROLLED_BACK), poweredOff, by.get(MigrationState.MIGRATED), by, Instant.now());
    }

    public MigrationView cutover(UUID id, String by) {
        return command(id, (m, ctx) -> Commands.cutover(m, by, ctx));
    }

    public MigrationView cancel(UUID id, String reason, String by) {
        return command(id, (m, ctx) -> Commands.cancel(m, reason, by, ctx));
    }

    /** Skip-and-continue; a failed VM is rolled back, and its source powered on again if Traverse powered it off. */
    public MigrationView skip(UUID id, String by) {
        return command(id, by, (m, ctx) -> Commands.skip(m, by, ctx));
    }

    public MigrationView retry(UUID id, String by) {
        MigrationRecord current = store.find(id).orElseThrow(() -> ProblemException.notFound("Migration " + id));
        store.activeMigrationOf(current.vmId()).filter(other -> !other.equals(id)).ifPresent(other -> {
            throw alreadyActive(current.vmName(), other);
        });
        return command(id, (m, ctx) -> Commands.retry(m, by, ctx));
    }

    /** Rollback: the phases remove what Traverse created; the source is powered on again if Traverse powered it off. */
    public MigrationView rollback(UUID id, String by) {
        return command(id, by, (m, ctx) -> Commands.rollback(m, by, ctx));
    }

    /**
     * The demo Reset: every migration still going is cancelled, every one not yet rolled back is rolled back (the
     * phases delete what Traverse created on the target: only that), and all of them leave the views. Plans and
     * mappings stay. Returns how many migrations were reset.
     */
    public int reset(String by) {
        List<UUID> ids = jdbc.query("select id from migration where not archived order by created_at",
                rs -> rs.getObject(1, UUID.class));
        for (UUID id : ids) {
            MigrationRecord after = engine.command(id, "reset", (m, ctx) -> {
                if (m.state().isActive()) {
                    Commands.cancel(m, "reset of the demo environment", by, ctx);
                }
                return m.state() == MigrationState.ROLLED_BACK
                        ? io.traverse.migration.engine.Outcome.note("reset")
                        : Commands.rollback(m, by, ctx);
            });
            sourcePower.requestIfNeeded(after, by);
        }
        jdbc.update("update migration set archived = true where not archived");
        return ids.size();
    }

    /** A command that may roll the migration back: then the source power-on is requested in the same transaction. */
    private MigrationView command(UUID id, String by, BiFunction<MigrationRecord, io.traverse.migration.engine.EngineContext,
            io.traverse.migration.engine.Outcome> command) {
        MigrationView view = command(id, command);
        store.find(id).ifPresent(m -> sourcePower.requestIfNeeded(m, by));
        return view;
    }

    private MigrationView command(UUID id, BiFunction<MigrationRecord, io.traverse.migration.engine.EngineContext,
            io.traverse.migration.engine.Outcome> command) {
        MigrationRecord m;
        try {
            m = engine.command(id, "command", command);
        } catch (CommandRejectedException e) {
            throw new ProblemException("urn:traverse:problem:invalid-state", "Not possible in this state", 409, e.getMessage());
        }
        if (m == null) {
            throw ProblemException.notFound("Migration " + id);
        }
        return MigrationView.of(m, null);
    }
}
