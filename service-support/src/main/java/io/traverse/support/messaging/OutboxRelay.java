package io.traverse.support.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Sends what {@link Outbox} stored to Kafka, oldest first, and marks each row sent once the broker has
 * acknowledged it. Wakes up right after a transaction that queued an event commits, and polls every
 * {@value #POLL_MILLIS} ms anyway (events queued by a previous run of the service, or left over after a
 * broker outage). Stops at the first failure and retries with backoff, so events are never reordered.
 * Delivery is at-least-once: a crash after the send but before the update resends the row, and consumers
 * dedupe by event id ({@link Inbox}).
 */
@ApplicationScoped
public class OutboxRelay {

    static final String CHANNEL = "traverse-outbox";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long POLL_MILLIS = 500;
    private static final int BATCH = 100;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final Emitter<String> emitter;
    private final TransactionSynchronizationRegistry txRegistry;
    private final Semaphore wakeUp = new Semaphore(0);
    private ExecutorService worker;
    private volatile boolean running;

    public OutboxRelay(DataSource dataSource, @Channel(CHANNEL) Emitter<String> emitter,
                       TransactionSynchronizationRegistry txRegistry) {
        this.dataSource = dataSource;
        this.emitter = emitter;
        this.txRegistry = txRegistry;
    }

    void start(@Observes StartupEvent ignored) {
        running = true;
        worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
        worker.submit(this::loop);
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        running = false;
        wakeUp.release();
        worker.shutdown();
        worker.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Called inside the transaction that queued an event: relay as soon as it commits. */
    void wakeUpAfterCommit() {
        txRegistry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    wakeUp.release();
                }
            }
        });
    }

    private void loop() {
        long backoffMillis = POLL_MILLIS;
        while (running) {
            try {
                wakeUp.tryAcquire(backoffMillis, TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                if (!running) {
                    return;
                }
                while (running && relayBatch() == BATCH) {
                    // a full batch: there may be more waiting
                }
                backoffMillis = POLL_MILLIS;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
                LOG.warnf("Outbox relay could not send (retrying in %d ms): %s", backoffMillis, e.getMessage());
            }
        }
    }

    /** Sends up to one batch in order; returns how many rows were sent. */
    int relayBatch() {
        return QuarkusTransaction.requiringNew().timeout(120).call(() -> {
            List<Row> rows = lockUnsent();
            int sent = 0;
            for (Row row : rows) {
                try {
                    send(row);
                } catch (Exception e) {
                    recordFailure(row, e);
                    if (sent == 0) {
                        throw new IllegalStateException("event " + row.eventId + " to " + row.topic + ": " + e.getMessage(), e);
                    }
                    return sent;
                }
                markSent(row);
                sent++;
            }
            return sent;
        });
    }

    private List<Row> lockUnsent() throws SQLException {
        String sql = "select seq, event_id, topic, message_key, payload from outbox_event where sent_at is null "
                + "order by seq limit " + BATCH + " for update skip locked";
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        return rows;
    }

    private void send(Row row) throws Exception {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic).withKey(row.key).build();
        emitter.send(Message.of(row.payload, Metadata.of(kafka),
                () -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        acked.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void markSent(Row row) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("update outbox_event set sent_at = now(), attempts = attempts + 1 where seq = ?")) {
            ps.setLong(1, row.seq);
            ps.executeUpdate();
        }
    }

    private void recordFailure(Row row, Exception e) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("update outbox_event set attempts = attempts + 1, last_error = ? where seq = ?")) {
            ps.setString(1, String.valueOf(e.getMessage()));
            ps.setLong(2, row.seq);
            ps.executeUpdate();
        } catch (SQLException ignored) {
            // the row stays unsent either way; the failure is logged by the loop
        }
    }

    private record Row(long seq, String eventId, String topic, String key, String payload) {
    }
}
