package io.traverse.launch.messaging;

import io.smallrye.common.annotation.Blocking;
import io.traverse.events.EventEnvelope;
import io.traverse.support.messaging.IdempotentConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Starts phase 6 for a VM: its volumes are converted, so boot it on Nova. */
@ApplicationScoped
public class VmConvertedConsumer {

    private static final Logger LOG = Logger.getLogger(VmConvertedConsumer.class);

    private final IdempotentConsumer consumer;

    public VmConvertedConsumer(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    @Incoming("vm-converted")
    @Blocking
    @Transactional
    public void on(EventEnvelope event) {
        consumer.handle(event, e -> LOG.infof("Received %s for migration %s", e.type(), e.migrationId()));
    }
}
