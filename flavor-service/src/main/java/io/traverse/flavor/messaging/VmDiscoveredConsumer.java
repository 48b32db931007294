package io.traverse.flavor.messaging;

import io.smallrye.common.annotation.Blocking;
import io.traverse.events.EventEnvelope;
import io.traverse.support.messaging.IdempotentConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Starts phase 2 for a VM: its source detail is known, so choose a flavor for it. */
@ApplicationScoped
public class VmDiscoveredConsumer {

    private static final Logger LOG = Logger.getLogger(VmDiscoveredConsumer.class);

    private final IdempotentConsumer consumer;

    public VmDiscoveredConsumer(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    @Incoming("vm-discovered")
    @Blocking
    @Transactional
    public void on(EventEnvelope event) {
        consumer.handle(event, e -> LOG.infof("Received %s for migration %s", e.type(), e.migrationId()));
    }
}
