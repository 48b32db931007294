package io.traverse.discovery.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.traverse.discovery.pipeline.VmDiscovery;
import io.traverse.events.EventEnvelope;
import io.traverse.events.MigrationRequested;
import io.traverse.support.messaging.IdempotentConsumer;
import io.traverse.support.messaging.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Starts phase 1 for a VM: a migration was requested, so fetch its current detail from vCenter. The vCenter read
 * (with retries) happens before any transaction; then, in one short transaction, the inbox row, the mirror update and
 * the outgoing event commit together, so the effects stay exactly-once: a redelivery that arrives meanwhile finds
 * the inbox row and is skipped, and one that arrives after a rollback reads vCenter again.
 */
@ApplicationScoped
public class MigrationRequestedConsumer {

    private static final Logger LOG = Logger.getLogger(MigrationRequestedConsumer.class);

    private final IdempotentConsumer consumer;
    private final Inbox inbox;
    private final VmDiscovery discovery;

    public MigrationRequestedConsumer(IdempotentConsumer consumer, Inbox inbox, VmDiscovery discovery) {
        this.consumer = consumer;
        this.inbox = inbox;
        this.discovery = discovery;
    }

    @Incoming("migration-requested")
    @Blocking
    public void on(EventEnvelope event) {
        MigrationRequested request = event != null && event.data() instanceof MigrationRequested r ? r : null;
        if (request != null && inbox.hasProcessed(event.id())) {
            LOG.debugf("Skipped redelivered %s %s", event.type(), event.id());
            return;
        }
        VmDiscovery.Outcome outcome = request == null ? null : discovery.read(request);
        QuarkusTransaction.requiringNew().run(() -> consumer.handle(event, e -> {
            if (outcome != null) {
                discovery.record(e, outcome);
            } else {
                LOG.warnf("Ignored %s %s on the migration.requested topic", e.type(), e.id());
            }
        }));
    }
}
