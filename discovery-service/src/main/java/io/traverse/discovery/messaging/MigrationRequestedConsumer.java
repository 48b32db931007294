package io.traverse.discovery.messaging;

import io.smallrye.common.annotation.Blocking;
import io.traverse.discovery.pipeline.VmDiscovery;
import io.traverse.events.EventEnvelope;
import io.traverse.events.MigrationRequested;
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
    private final VmDiscovery discovery;

    public MigrationRequestedConsumer(IdempotentConsumer consumer, VmDiscovery discovery) {
        this.consumer = consumer;
        this.discovery = discovery;
    }

    @Incoming("migration-requested")
    @Blocking
    @Transactional
    public void on(EventEnvelope event) {
        consumer.handle(event, e -> {
            if (e.data() instanceof MigrationRequested request) {
                discovery.discover(e, request);
            } else {
                LOG.warnf("Ignored %s %s on the migration.requested topic", e.type(), e.id());
            }
        });
    }
}
