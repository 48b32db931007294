package io.traverse.migration.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.traverse.events.EventJson;
import io.traverse.migration.engine.MigrationEngine;
import io.traverse.migration.engine.StateChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * State changes as a live stream. The engine announces each change with PostgreSQL {@code NOTIFY} inside the
 * transaction that makes it, so a change is announced only if it commits, and PostgreSQL delivers notifications in
 * commit order — to every replica of migration-api. One thread per replica {@code LISTEN}s and broadcasts to the
 * SSE subscribers.
 */
@ApplicationScoped
public class StateStream {

    private static final Logger LOG = Logger.getLogger(StateStream.class);
    private static final ObjectMapper JSON = EventJson.mapper();

    private final AgroalDataSource dataSource;
    private final BroadcastProcessor<StateChange> changes = BroadcastProcessor.create();
    private ExecutorService listener;
    private volatile boolean running;

    public StateStream(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every state change committed from now on, in commit order. */
    public Multi<StateChange> changes() {
        return changes;
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
                while (running) {
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
}
