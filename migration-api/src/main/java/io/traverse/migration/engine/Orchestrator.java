package io.traverse.migration.engine;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.traverse.migration.MigrationState;
import io.traverse.migration.db.Jdbc;
import io.traverse.migration.source.SourcePowerOn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The orchestrator's clock. One thread, woken after every commit that may free or need a slot and at least every
 * {@code traverse.orchestration.tick}: admits queued migrations within the limits, and runs due actions (the next
 * pre-copy round, a scheduled cutover, an automatic retry, a request held back by the demo step delay).
 *
 * <p>Admission holds a PostgreSQL advisory lock for its transaction, so replicas and concurrent starts never admit
 * past a limit: in flight across all plans at most {@code traverse.orchestration.admission.max-concurrent}; per plan
 * at most its {@code concurrency.total}, per wave its {@code concurrency.perWave}. Waves go in order: a plan's wave
 * is admitted only when every earlier wave is settled; with {@code onFailure=HALT} a failed VM stops the plan.
 */
@ApplicationScoped
public class Orchestrator {

    private static final Logger LOG = Logger.getLogger(Orchestrator.class);
    private static final long ADMISSION_LOCK = 0x7472617665727365L; // "traverse"
    private static final int BATCH = 200;

    private final MigrationEngine engine;
    private final Jdbc jdbc;
    private final OrchestrationConfig config;
    private final Wakeup wakeup;
    private final SourcePowerOn sourcePower;
    private ExecutorService worker;
    private volatile boolean running;

    public Orchestrator(MigrationEngine engine, Jdbc jdbc, OrchestrationConfig config, Wakeup wakeup,
                        SourcePowerOn sourcePower) {
        this.sourcePower = sourcePower;
        this.engine = engine;
        this.jdbc = jdbc;
        this.config = config;
        this.wakeup = wakeup;
    }

    void start(@Observes StartupEvent ignored) {
        running = true;
        worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "orchestrator"));
        worker.submit(this::loop);
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        running = false;
        wakeup.now();
        worker.shutdown();
        worker.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void loop() {
        while (running) {
            try {
                wakeup.await(config.tick().toMillis());
                if (!running) {
                    return;
                }
                while (running && admit() > 0) {
                    // admitted some: there may be room for more after the next look
                }
                runDueActions();
                sourcePower.runPending();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf(e, "Orchestrator pass failed; next pass in %s", config.tick());
            }
        }
    }

    /** One admission pass; returns how many migrations it admitted. */
    public int admit() {
        return QuarkusTransaction.requiringNew().timeout(60).call(() -> {
            jdbc.queryOne("select pg_advisory_xact_lock(?)", rs -> 1, ADMISSION_LOCK);
            String inFlight = MigrationState.sqlList(MigrationState.IN_FLIGHT);
            long total = jdbc.count("select count(*) from migration where not archived and state in (" + inFlight + ")");
            int globalMax = config.admission().maxConcurrent();
            if (total >= globalMax) {
                return 0;
            }
            List<Candidate> queued = jdbc.query("""
                    select m.id, m.plan_id, m.wave, p.max_concurrent, p.max_concurrent_per_wave, p.on_failure
                    from migration m left join plan p on p.id = m.plan_id
                    where m.state = 'QUEUED' and not m.archived order by m.created_at, m.id limit ?""",
                    rs -> new Candidate(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), Jdbc.intOrNull(rs, "wave"),
                            Jdbc.intOrNull(rs, "max_concurrent"), Jdbc.intOrNull(rs, "max_concurrent_per_wave"),
                            rs.getString(6)), BATCH);
            if (queued.isEmpty()) {
                return 0;
            }
            Map<UUID, Long> perPlan = new HashMap<>();
            Map<String, Long> perWave = new HashMap<>();
            jdbc.query("select plan_id, wave, count(*) from migration where not archived and state in (" + inFlight
                    + ") and plan_id is not null group by plan_id, wave", rs -> {
                UUID plan = rs.getObject(1, UUID.class);
                long n = rs.getLong(3);
                perPlan.merge(plan, n, Long::sum);
                perWave.put(plan + "/" + Jdbc.intOrNull(rs, "wave"), n);
                return null;
            });
            Map<UUID, Integer> currentWave = new HashMap<>();
            jdbc.query("select plan_id, min(wave) from migration where not archived and plan_id is not null and state in ("
                    + MigrationState.sqlList(MigrationState.ACTIVE) + ") group by plan_id", rs -> {
                currentWave.put(rs.getObject(1, UUID.class), Jdbc.intOrNull(rs, "min"));
                return null;
            });
            List<UUID> halted = jdbc.query("select distinct m.plan_id from migration m join plan p on p.id = m.plan_id "
                    + "where p.on_failure = 'HALT' and m.state = 'FAILED' and not m.archived", rs -> rs.getObject(1, UUID.class));
            int admitted = 0;
            for (Candidate c : queued) {
                if (total >= globalMax) {
                    break;
                }
                if (c.onFailure != null && !fits(c, halted, currentWave, perPlan, perWave)) {
                    continue;
                }
                MigrationRecord m = engine.command(c.id, "admit", Commands::admit);
                if (m == null) {
                    continue;
                }
                total++;
                admitted++;
                if (c.planId != null) {
                    perPlan.merge(c.planId, 1L, Long::sum);
                    perWave.merge(c.planId + "/" + c.wave, 1L, Long::sum);
                }
            }
            return admitted;
        });
    }

    private static boolean fits(Candidate c, List<UUID> halted, Map<UUID, Integer> currentWave,
                                Map<UUID, Long> perPlan, Map<String, Long> perWave) {
        if (halted.contains(c.planId)) {
            return false; // onFailure=HALT and a VM of the plan failed
        }
        if (c.wave != null && !Objects.equals(currentWave.get(c.planId), c.wave)) {
            return false; // an earlier wave is still going
        }
        if (c.maxTotal != null && perPlan.getOrDefault(c.planId, 0L) >= c.maxTotal) {
            return false;
        }
        return c.maxPerWave == null || perWave.getOrDefault(c.planId + "/" + c.wave, 0L) < c.maxPerWave;
    }

    /** Runs every action that is due, each migration in its own transaction. */
    public int runDueActions() {
        int ran = 0;
        List<UUID> due;
        do {
            Instant now = Instant.now();
            due = QuarkusTransaction.requiringNew().call(() -> new ArrayList<>(engineDue(now)));
            for (UUID id : due) {
                try {
                    QuarkusTransaction.requiringNew().run(() -> engine.command(id, "due", Commands::runDueAction));
                    ran++;
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Due action of migration %s failed; it is tried again on the next pass", id);
                }
            }
        } while (due.size() == BATCH && running);
        return ran;
    }

    private List<UUID> engineDue(Instant now) {
        return jdbc.query("select id from migration where next_action is not null and next_action_at <= ? "
                + "and not archived order by next_action_at limit ?", rs -> rs.getObject(1, UUID.class), now, BATCH);
    }

    private record Candidate(UUID id, UUID planId, Integer wave, Integer maxTotal, Integer maxPerWave, String onFailure) {
    }
}
