package io.traverse.migration.messaging;

import io.smallrye.common.annotation.Blocking;
import io.traverse.events.EventEnvelope;
import io.traverse.migration.service.MigrationService;
import io.traverse.support.messaging.IdempotentConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Every event of every phase lands here and becomes a timeline entry and, where it says so, a new state. */
@ApplicationScoped
public class StatusConsumer {

    private final IdempotentConsumer consumer;
    private final MigrationService migrations;

    public StatusConsumer(IdempotentConsumer consumer, MigrationService migrations) {
        this.consumer = consumer;
        this.migrations = migrations;
    }

    @Incoming("traverse-events")
    @Blocking
    @Transactional
    public void on(EventEnvelope event) {
        consumer.handle(event, migrations::record);
    }
}
