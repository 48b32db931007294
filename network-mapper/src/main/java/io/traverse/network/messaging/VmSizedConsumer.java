package io.traverse.network.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.traverse.events.EventEnvelope;
import io.traverse.events.VmSized;
import io.traverse.network.mapping.VmMapping;
import io.traverse.support.messaging.IdempotentConsumer;
import io.traverse.support.messaging.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Starts phase 3 for a VM: it has a flavor, so map its NICs to Neutron networks and create their ports. migration-api
 * and Neutron are asked before any transaction (they can take seconds); then the inbox row, the recorded outcome and
 * the outgoing {@code vm.mapped} or {@code migration.failed} commit together in one short transaction. A redelivery
 * finds the inbox row and is skipped; one that races past that check finds the ports by tag and creates none.
 */
@ApplicationScoped
public class VmSizedConsumer {

    private static final Logger LOG = Logger.getLogger(VmSizedConsumer.class);

    private final IdempotentConsumer consumer;
    private final Inbox inbox;
    private final VmMapping mapping;

    public VmSizedConsumer(IdempotentConsumer consumer, Inbox inbox, VmMapping mapping) {
        this.consumer = consumer;
        this.inbox = inbox;
        this.mapping = mapping;
    }

    @Incoming("vm-sized")
    @Blocking
    public void on(EventEnvelope event) {
        VmSized sized = event != null && event.data() instanceof VmSized s ? s : null;
        if (sized != null && inbox.hasProcessed(event.id())) {
            LOG.debugf("Skipped redelivered %s %s", event.type(), event.id());
            return;
        }
        VmMapping.Outcome outcome = sized == null ? null
                : mapping.wasCancelled(event.migrationId()) ? VmMapping.Outcome.cancelled(event.migrationId(), sized)
                : mapping.decide(event.migrationId(), sized);
        QuarkusTransaction.requiringNew().run(() -> consumer.handle(event, e -> {
            if (outcome != null) {
                mapping.record(e, outcome);
            } else {
                LOG.warnf("Ignored %s %s on the vm.sized topic", e.type(), e.id());
            }
        }));
    }
}
