package io.traverse.discovery.messaging;

import io.smallrye.common.annotation.Blocking;
import io.traverse.events.EventEnvelope;
import io.traverse.support.messaging.IdempotentConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Starts phase 1 for a VM: a migration was requested, so fetch its current detail from vCenter. */
@ApplicationScoped
public class MigrationRequestedConsumer {

    private static final Logger LOG = Logger.getLogger(MigrationRequestedConsumer.class);

    private final IdempotentConsumer consumer;

    public MigrationRequestedConsumer(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    @Incoming("migration-requested")
    @Blocking
    @Transactional
    public void on(EventEnvelope event) {
        consumer.handle(event, e -> LOG.infof("Received %s for migration %s", e.type(), e.migrationId()));
    }
}
