package io.traverse.flavor.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.traverse.events.EventEnvelope;
import io.traverse.events.VmDiscovered;
import io.traverse.flavor.sizing.VmSizing;
import io.traverse.support.messaging.IdempotentConsumer;
import io.traverse.support.messaging.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Starts phase 2 for a VM: its source detail is known, so choose a flavor for it. Nova is asked (and a flavor
 * perhaps created) before any transaction; then the inbox row, the recorded decision and the outgoing event commit
 * together in one short transaction. A redelivery finds the inbox row and is skipped.
 */
@ApplicationScoped
public class VmDiscoveredConsumer {

    private static final Logger LOG = Logger.getLogger(VmDiscoveredConsumer.class);

    private final IdempotentConsumer consumer;
    private final Inbox inbox;
    private final VmSizing sizing;

    public VmDiscoveredConsumer(IdempotentConsumer consumer, Inbox inbox, VmSizing sizing) {
        this.consumer = consumer;
        this.inbox = inbox;
        this.sizing = sizing;
    }

    @Incoming("vm-discovered")
    @Blocking
    public void on(EventEnvelope event) {
        VmDiscovered discovered = event != null && event.data() instanceof VmDiscovered d ? d : null;
        if (discovered != null && inbox.hasProcessed(event.id())) {
            LOG.debugf("Skipped redelivered %s %s", event.type(), event.id());
            return;
        }
        VmSizing.Outcome outcome = discovered == null ? null : sizing.decide(discovered);
        QuarkusTransaction.requiringNew().run(() -> consumer.handle(event, e -> {
            if (outcome != null) {
                sizing.record(e, outcome);
            } else {
                LOG.warnf("Ignored %s %s on the vm.discovered topic", e.type(), e.id());
            }
        }));
    }
}
