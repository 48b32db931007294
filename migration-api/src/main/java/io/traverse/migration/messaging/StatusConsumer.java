package io.traverse.migration.messaging;

import io.smallrye.common.annotation.Blocking;
import io.traverse.events.EventEnvelope;
import io.traverse.events.InventoryChanged;
import io.traverse.migration.engine.MigrationEngine;
import io.traverse.migration.plan.PlanService;
import io.traverse.support.messaging.IdempotentConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every event of every phase lands here, once (the inbox drops redeliveries), and goes to its phase handler: a
 * timeline entry, a state change where it says so, and whatever the orchestration publishes next — one transaction.
 * {@code inventory.changed} (no migration) makes the stored preflight of every plan with a changed VM stale.
 */
@ApplicationScoped
public class StatusConsumer {

    private final IdempotentConsumer consumer;
    private final MigrationEngine engine;
    private final PlanService plans;

    public StatusConsumer(IdempotentConsumer consumer, MigrationEngine engine, PlanService plans) {
        this.consumer = consumer;
        this.engine = engine;
        this.plans = plans;
    }

    @Incoming("traverse-events")
    @Blocking
    @Transactional
    public void on(EventEnvelope event) {
        consumer.handle(event, e -> {
            if (e.data() instanceof InventoryChanged changed) {
                plans.inventoryChanged(changed);
            } else {
                engine.onEvent(e);
            }
        });
    }
}
