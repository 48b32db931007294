package io.traverse.migration.engine;

import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;
import io.traverse.events.MigrationEvent;
import io.traverse.migration.IllegalTransitionException;
import io.traverse.migration.MigrationState;
import io.traverse.migration.db.Jdbc;
import io.traverse.support.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Applies events and commands to migrations: locks the row, lets the phase handler (or command) change a copy,
 * writes it back, enters the timeline, queues what to publish in the outbox and announces the state change
 * (PostgreSQL NOTIFY, delivered in commit order to the SSE stream) — all in the caller's transaction.
 */
@ApplicationScoped
public class MigrationEngine {

    public static final String SOURCE = "migration-api";
    public static final String NOTIFY_CHANNEL = "traverse_state";
    private static final Logger LOG = Logger.getLogger(MigrationEngine.class);

    private final MigrationStore store;
    private final TimelineStore timeline;
    private final Outbox outbox;
    private final Jdbc jdbc;
    private final OrchestrationConfig config;
    private final Clock clock;
    private final Wakeup wakeup;
    private final Map<EventType, PhaseHandler> handlers = new EnumMap<>(EventType.class);

    public MigrationEngine(MigrationStore store, TimelineStore timeline, Outbox outbox, Jdbc jdbc,
                           OrchestrationConfig config, Wakeup wakeup) {
        this.wakeup = wakeup;
        this.store = store;
        this.timeline = timeline;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.config = config;
        this.clock = Clock.systemUTC();
        for (PhaseHandler h : Handlers.all()) {
            handlers.put(h.handles(), h);
        }
    }

    public EngineContext context() {
        return new EngineContext(Instant.now(clock).truncatedTo(ChronoUnit.MICROS), config.retry().backoff(),
                config.retry().maxBackoff(), config.cutover().overhead());
    }

    /** Records a consumed event and lets its phase handler move the migration; unknown migrations are ignored. */
    @Transactional(TxType.MANDATORY)
    public void onEvent(EventEnvelope event) {
        if (event.migrationId() == null) {
            return; // inventory.changed: nothing to do per migration (yet)
        }
        var loaded = store.lock(event.migrationId());
        if (loaded.isEmpty()) {
            LOG.debugf("Ignored %s for unknown migration %s", event.type(), event.migrationId());
            return;
        }
        MigrationRecord before = loaded.get();
        MigrationRecord m = before.copy();
        EngineContext ctx = context();
        Outcome outcome;
        try {
            outcome = handlers.get(event.eventType()).handle(m, event, ctx);
        } catch (IllegalTransitionException e) {
            // handlers never ask for an illegal move (property-tested); if one does, keep the state and say so
            LOG.errorf("Rejected %s for migration %s: %s", event.type(), event.migrationId(), e.getMessage());
            timeline.append(event, before.state, before.state, "rejected: " + e.getMessage());
            return;
        }
        commit(before, m, event, outcome, ctx);
    }

    /** Runs a command on a migration under its row lock; {@code null} when the migration does not exist. */
    @Transactional(TxType.MANDATORY)
    public MigrationRecord command(UUID id, String name, BiFunction<MigrationRecord, EngineContext, Outcome> command) {
        var loaded = store.lock(id);
        if (loaded.isEmpty()) {
            return null;
        }
        MigrationRecord before = loaded.get();
        MigrationRecord m = before.copy();
        EngineContext ctx = context();
        Outcome outcome = command.apply(m, ctx);
        commit(before, m, null, outcome, ctx);
        return m;
    }

    /** Creates the migration (QUEUED) with its first timeline entry. */
    @Transactional(TxType.MANDATORY)
    public void create(MigrationRecord m, String detail) {
        m.phaseDetail = detail;
        store.insert(m);
        wakeup.afterCommit();
    }

    private void commit(MigrationRecord before, MigrationRecord m, EventEnvelope cause, Outcome outcome,
                        EngineContext ctx) {
        store.update(m, ctx.now());
        List<EventEnvelope> published = outcome.publish().stream()
                .map(e -> EventEnvelope.of(SOURCE, m.id, e)).toList();
        boolean moved = before.state != m.state;
        if (cause != null) {
            timeline.append(cause, before.state, m.state, outcome.detail());
        }
        // the first published event is the cause of a command's transition
        for (int i = 0; i < published.size(); i++) {
            EventEnvelope e = published.get(i);
            outbox.publish(e);
            boolean causes = cause == null && i == 0;
            timeline.append(e, causes ? before.state : m.state, m.state, describe(e.data(), causes ? outcome.detail() : null));
        }
        if (MigrationState.IN_FLIGHT.contains(before.state) && !MigrationState.IN_FLIGHT.contains(m.state)) {
            wakeup.afterCommit(); // a slot is free
        }
        if (moved) {
            String causeType = cause != null ? cause.type()
                    : published.isEmpty() ? "command" : published.get(0).type();
            notifyChange(new StateChange(m.id, m.planId, m.wave, m.vmId, m.vmName, before.state, m.state,
                    m.phaseDetail, causeType, ctx.now(), m.version, 0));
        }
    }

    private static String describe(MigrationEvent e, String detail) {
        return detail != null ? detail : "sent " + e.eventType().type();
    }

    /** Keeps the change for replay (its seq is the SSE event id) and announces it at commit. */
    private void notifyChange(StateChange unnumbered) {
        long seq = jdbc.queryOne("select nextval('state_change_seq_seq')", rs -> rs.getLong(1)).orElseThrow();
        String json = MigrationStore.json(unnumbered.withSeq(seq));
        jdbc.update("insert into state_change (seq, plan_id, change) values (?, ?, ?)", seq, unnumbered.planId(), json);
        jdbc.queryOne("select pg_notify(?, ?)", rs -> 1, NOTIFY_CHANNEL, json);
    }

    /** The record as it is now, without a lock. */
    @Transactional(TxType.SUPPORTS)
    public java.util.Optional<MigrationRecord> find(UUID id) {
        return store.find(id);
    }

}
