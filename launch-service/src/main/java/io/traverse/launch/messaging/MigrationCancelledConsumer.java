package io.traverse.launch.messaging;

import io.smallrye.common.annotation.Blocking;
import io.traverse.events.EventEnvelope;
import io.traverse.launch.service.LaunchService;
import io.traverse.support.messaging.IdempotentConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A migration was cancelled, rolled back or reset from the dashboard (migration-api sends migration.cancelled for
 * all three): stop its launch and clean up what Traverse created for it on the target.
 */
@ApplicationScoped
public class MigrationCancelledConsumer {

    private final IdempotentConsumer consumer;
    private final LaunchService launches;

    public MigrationCancelledConsumer(IdempotentConsumer consumer, LaunchService launches) {
        this.consumer = consumer;
        this.launches = launches;
    }

    @Incoming("migration-cancelled")
    @Blocking
    @Transactional
    public void on(EventEnvelope event) {
        consumer.handle(event, launches::cancelled);
    }
}
