package io.traverse.disktransfer.messaging;

import io.smallrye.common.annotation.Blocking;
import io.traverse.disktransfer.dispatch.SyncDispatcher;
import io.traverse.events.EventEnvelope;
import io.traverse.support.messaging.IdempotentConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Queues a later sync round for a VM: a warm precopy delta or the final cutover sync. */
@ApplicationScoped
public class DiskSyncRequestedConsumer {

    private static final Logger LOG = Logger.getLogger(DiskSyncRequestedConsumer.class);

    private final IdempotentConsumer consumer;
    private final SyncDispatcher dispatcher;

    public DiskSyncRequestedConsumer(IdempotentConsumer consumer, SyncDispatcher dispatcher) {
        this.consumer = consumer;
        this.dispatcher = dispatcher;
    }

    @Incoming("disk-sync-requested")
    @Blocking
    @Transactional
    public void on(EventEnvelope event) {
        consumer.handle(event, e -> {
            LOG.infof("Received %s for migration %s", e.type(), e.migrationId());
            dispatcher.laterRound(e);
        });
    }
}
