package io.traverse.conversion.messaging;

import io.smallrye.common.annotation.Blocking;
import io.traverse.conversion.dispatch.ConversionDispatcher;
import io.traverse.events.EventEnvelope;
import io.traverse.support.messaging.IdempotentConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Starts phase 5 for a VM once its final (cutover) sync has landed on the target volumes. */
@ApplicationScoped
public class DiskSyncedConsumer {

    private final IdempotentConsumer consumer;
    private final ConversionDispatcher dispatcher;

    public DiskSyncedConsumer(IdempotentConsumer consumer, ConversionDispatcher dispatcher) {
        this.consumer = consumer;
        this.dispatcher = dispatcher;
    }

    @Incoming("disk-synced")
    @Blocking
    @Transactional
    public void on(EventEnvelope event) {
        consumer.handle(event, dispatcher::onDiskSynced);
    }
}
