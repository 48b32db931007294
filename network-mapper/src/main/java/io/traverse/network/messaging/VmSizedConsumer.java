package io.traverse.network.messaging;

import io.smallrye.common.annotation.Blocking;
import io.traverse.events.EventEnvelope;
import io.traverse.support.messaging.IdempotentConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Starts phase 3 for a VM: it has a flavor, so map its NICs to Neutron networks and ports. */
@ApplicationScoped
public class VmSizedConsumer {

    private static final Logger LOG = Logger.getLogger(VmSizedConsumer.class);

    private final IdempotentConsumer consumer;

    public VmSizedConsumer(IdempotentConsumer consumer) {
        this.consumer = consumer;
    }

    @Incoming("vm-sized")
    @Blocking
    @Transactional
    public void on(EventEnvelope event) {
        consumer.handle(event, e -> LOG.infof("Received %s for migration %s", e.type(), e.migrationId()));
    }
}
