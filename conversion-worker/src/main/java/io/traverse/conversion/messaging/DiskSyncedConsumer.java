package io.traverse.conversion.messaging;

import io.smallrye.common.annotation.Blocking;
import io.traverse.events.EventEnvelope;
import io.traverse.support.messaging.IdempotentConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Starts phase 5 for a VM once its final (cutover) sync has landed on the target volumes. */
@ApplicationScoped
public class DiskSyncedConsumer {

    private static final Logger LOG = Logger.getLogger(DiskSyncedConsumer.class);

    private final IdempotentConsumer consumer;

    public DiskSyncedConsumer(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    @Incoming("disk-synced")
    @Blocking
    @Transactional
    public void on(EventEnvelope event) {
        consumer.handle(event, e -> LOG.infof("Received %s for migration %s", e.type(), e.migrationId()));
    }
}
