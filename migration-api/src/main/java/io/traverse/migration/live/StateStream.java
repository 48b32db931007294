package io.traverse.migration.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.subscription.Cancellable;
import io.traverse.events.EventJson;
import io.traverse.migration.db.Jdbc;
import io.traverse.migration.engine.MigrationEngine;
import io.traverse.migration.engine.StateChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * State changes as a live stream. The engine announces each change with PostgreSQL {@code NOTIFY} inside the
 * transaction that makes it, so a change is announced only if it commits, and PostgreSQL delivers notifications in
 * commit order — to every replica of migration-api. One thread per replica {@code LISTEN}s and broadcasts to the
 * SSE subscribers. The engine also keeps each change in table {@code state_change} (for
 * {@link LiveConfig#replayRetention()}), so a client that reconnects is first sent what it missed
 * ({@link #changesAfter}).
 */
@ApplicationScoped
public class StateStream {

    private static final Logger LOG = Logger.getLogger(StateStream.class);
    private static final ObjectMapper JSON = EventJson.mapper();
    private static final int BUFFER = 10_000;

    private final AgroalDataSource dataSource;
    private final Jdbc jdbc;
    private final LiveConfig config;
    private final BroadcastProcessor<StateChange> changes = BroadcastProcessor.create();
    private ExecutorService listener;
    private volatile boolean running;

    public StateStream(AgroalDataSource dataSource, Jdbc jdbc, LiveConfig config) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.config = config;
    }

    /**
     * Every state change committed from now on, in commit order. Each subscriber has its own buffer: the broadcast
     * is hot and would fail a subscriber (an SSE connection) that has not yet asked for the next item.
     */
    public Multi<StateChange> changes() {
        return changes.onOverflow().buffer(BUFFER);
    }

    /**
     * What a reconnecting client missed, then every change from now on: the kept changes numbered after
     * {@code afterSeq} (and, see {@link LiveConfig#replayOverlap()}, those numbered shortly before it), in order,
     * then the live stream without the ones the replay already sent. The live subscription starts before the replay
     * is read, so nothing falls between the two.
     */
    public Multi<StateChange> changesAfter(long afterSeq) {
        return Multi.createFrom().emitter(emitter -> {
            Object lock = new Object();
            List<StateChange> held = new ArrayList<>();
            Set<Long> replayed = new HashSet<>();
            boolean[] replaying = {true};
            Cancellable live = changes.subscribe().with(c -> {
                synchronized (lock) {
                    if (replaying[0]) {
                        held.add(c);
                    } else if (!replayed.contains(c.seq())) {
                        emitter.emit(c);
                    }
                }
            }, emitter::fail, emitter::complete);
            emitter.onTermination(live::cancel);
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                try {
                    List<StateChange> missed = missed(afterSeq);
                    synchronized (lock) {
                        for (StateChange c : missed) {
                            replayed.add(c.seq());
                            emitter.emit(c);
                        }
                        for (StateChange c : held) {
                            if (!replayed.contains(c.seq())) {
                                emitter.emit(c);
                            }
                        }
                        held.clear();
                        replaying[0] = false;
                    }
                } catch (RuntimeException e) {
                    emitter.fail(e);
                }
            });
        });
    }

    private List<StateChange> missed(long afterSeq) {
        return jdbc.query("""
                        select change from state_change
                        where seq > ?
                           or changed_at >= (select changed_at from state_change where seq = ?) - ?::interval
                        order by seq""",
                rs -> parse(rs.getString(1)),
                afterSeq, afterSeq, config.replayOverlap().toMillis() + " milliseconds");
    }

    private static StateChange parse(String json) {
        try {
            return JSON.readValue(json, StateChange.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bad state change in the database: " + json, e);
        }
    }

    void start(@Observes StartupEvent ignored) {
        running = true;
        listener = Executors.newSingleThreadExecutor(r -> new Thread(r, "state-listener"));
        listener.submit(this::listen);
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        running = false;
        listener.shutdownNow();
        listener.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void listen() {
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + MigrationEngine.NOTIFY_CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                long pruneAt = System.nanoTime();
                while (running) {
                    if (System.nanoTime() - pruneAt >= 0) {
                        prune(c);
                        pruneAt = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                    }
                    PGNotification[] batch = pg.getNotifications(500);
                    if (batch == null) {
                        continue;
                    }
                    for (PGNotification n : batch) {
                        try {
                            changes.onNext(JSON.readValue(n.getParameter(), StateChange.class));
                        } catch (Exception e) {
                            LOG.warnf("Skipped a state notification that did not parse: %s", e.getMessage());
                        }
                    }
                }
            } catch (Exception e) {
                if (running) {
                    LOG.warnf("State listener lost its connection (%s); reconnecting in 1 s", e.getMessage());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** Drops the changes older than the replay retention (once a minute, on the listener's connection). */
    private void prune(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from state_change where changed_at < now() - ?::interval")) {
            ps.setString(1, config.replayRetention().toMillis() + " milliseconds");
            ps.executeUpdate();
        }
    }
}
