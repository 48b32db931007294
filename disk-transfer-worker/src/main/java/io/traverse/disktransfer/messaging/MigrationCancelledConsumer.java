package io.traverse.disktransfer.messaging;

import io.smallrye.common.annotation.Blocking;
import io.traverse.disktransfer.dispatch.SyncDispatcher;
import io.traverse.events.EventEnvelope;
import io.traverse.support.messaging.IdempotentConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A migration was cancelled, skipped or rolled back (migration-api sends migration.cancelled for all three): its disk
 * sync stops, queued rounds are dropped, and the snapshots Traverse made on the source are removed.
 */
@ApplicationScoped
public class MigrationCancelledConsumer {

    private final IdempotentConsumer consumer;
    private final SyncDispatcher dispatcher;

    public MigrationCancelledConsumer(IdempotentConsumer consumer, SyncDispatcher dispatcher) {
        this.consumer = consumer;
        this.dispatcher = dispatcher;
    }

    @Incoming("migration-cancelled")
    @Blocking
    @Transactional
    public void on(EventEnvelope event) {
        consumer.handle(event, dispatcher::cancelled);
    }
}
