package io.traverse.disktransfer.messaging;

import io.smallrye.common.annotation.Blocking;
import io.traverse.disktransfer.dispatch.SyncDispatcher;
import io.traverse.events.EventEnvelope;
import io.traverse.support.messaging.IdempotentConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Starts phase 4 for a VM: its target is mapped, so queue the first disk sync round. */
@ApplicationScoped
public class VmMappedConsumer {

    private static final Logger LOG = Logger.getLogger(VmMappedConsumer.class);

    private final IdempotentConsumer consumer;
    private final SyncDispatcher dispatcher;

    public VmMappedConsumer(IdempotentConsumer consumer, SyncDispatcher dispatcher) {
        this.consumer = consumer;
        this.dispatcher = dispatcher;
    }

    @Incoming("vm-mapped")
    @Blocking
    @Transactional
    public void on(EventEnvelope event) {
        consumer.handle(event, e -> {
            LOG.infof("Received %s for migration %s", e.type(), e.migrationId());
            dispatcher.firstRound(e);
        });
    }
}
