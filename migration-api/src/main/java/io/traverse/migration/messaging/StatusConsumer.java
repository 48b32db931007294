package io.traverse.migration.messaging;

import io.smallrye.common.annotation.Blocking;
import io.traverse.events.EventEnvelope;
import io.traverse.migration.engine.MigrationEngine;
import io.traverse.support.messaging.IdempotentConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every event of every phase lands here, once (the inbox drops redeliveries), and goes to its phase handler: a
 * timeline entry, a state change where it says so, and whatever the orchestration publishes next — one transaction.
 */
@ApplicationScoped
public class StatusConsumer {

    private final IdempotentConsumer consumer;
    private final MigrationEngine engine;

    public StatusConsumer(IdempotentConsumer consumer, MigrationEngine engine) {
        this.consumer = consumer;
        this.engine = engine;
    }

    @Incoming("traverse-events")
    @Blocking
    @Transactional
    public void on(EventEnvelope event) {
        consumer.handle(event, engine::onEvent);
    }
}
