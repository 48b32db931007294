package io.traverse.support.messaging;

import io.traverse.events.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.util.function.Consumer;

/**
 * The common front of every Kafka handler: skips records that could not be decoded (they are logged, never
 * retried forever), puts the migration id in the log context, and applies the action only on the first
 * delivery of an event. Call it from an {@code @Incoming @Blocking @Transactional} method so the inbox row and
 * the action's effects commit or roll back together.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);
    public static final String MDC_MIGRATION_ID = "migrationId";

    private final Inbox inbox;

    public IdempotentConsumer(Inbox inbox) {
        this.inbox = inbox;
    }

    /** Returns whether the action ran (false for an undecodable record or a redelivery). */
    @Transactional(TxType.MANDATORY)
    public boolean handle(EventEnvelope event, Consumer<EventEnvelope> action) {
        if (event == null) {
            LOG.warn("Skipped a Kafka record that is not a Traverse event (see the deserializer warning above)");
            return false;
        }
        Object previous = MDC.get(MDC_MIGRATION_ID);
        if (event.migrationId() != null) {
            MDC.put(MDC_MIGRATION_ID, event.migrationId().toString());
        }
        try {
            if (!inbox.firstDelivery(event)) {
                LOG.debugf("Skipped redelivered %s %s", event.type(), event.id());
                return false;
            }
            action.accept(event);
            return true;
        } finally {
            if (previous == null) {
                MDC.remove(MDC_MIGRATION_ID);
            } else {
                MDC.put(MDC_MIGRATION_ID, previous);
            }
        }
    }
}
