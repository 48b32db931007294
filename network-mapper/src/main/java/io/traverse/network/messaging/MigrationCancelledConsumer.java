package io.traverse.network.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.traverse.events.EventEnvelope;
import io.traverse.events.MigrationCancelled;
import io.traverse.network.mapping.VmMapping;
import io.traverse.network.port.PortCleanup;
import io.traverse.openstack.OpenStackException;
import io.traverse.openstack.ProtectedResourceException;
import io.traverse.support.messaging.IdempotentConsumer;
import io.traverse.support.messaging.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * A migration was cancelled or rolled back ({@code migration.cancelled}, reason {@code rollback}/{@code reset} for the
 * latter): delete its ports, only those tagged (or described) as this migration's and never a protected one. Neutron
 * is called before the short transaction that records the cancellation with the inbox row; a vm.sized of this
 * migration that arrives later then creates nothing. When Neutron stays down the ports are left and logged with the
 * tag to find them by; the event is not retried forever.
 */
@ApplicationScoped
public class MigrationCancelledConsumer {

    private static final Logger LOG = Logger.getLogger(MigrationCancelledConsumer.class);

    private final IdempotentConsumer consumer;
    private final Inbox inbox;
    private final VmMapping mapping;
    private final PortCleanup cleanup;

    public MigrationCancelledConsumer(IdempotentConsumer consumer, Inbox inbox, VmMapping mapping, PortCleanup cleanup) {
        this.consumer = consumer;
        this.inbox = inbox;
        this.mapping = mapping;
        this.cleanup = cleanup;
    }

    @Incoming("migration-cancelled")
    @Blocking
    public void on(EventEnvelope event) {
        MigrationCancelled cancelled = event != null && event.data() instanceof MigrationCancelled c ? c : null;
        if (cancelled != null && inbox.hasProcessed(event.id())) {
            LOG.debugf("Skipped redelivered %s %s", event.type(), event.id());
            return;
        }
        int deleted = cancelled == null ? 0 : deletePorts(event.migrationId());
        QuarkusTransaction.requiringNew().run(() -> consumer.handle(event, e -> {
            if (cancelled != null) {
                mapping.recordCancelled(e.migrationId(), cancelled.reason(), Math.max(deleted, 0));
            } else {
                LOG.warnf("Ignored %s %s on the migration.cancelled topic", e.type(), e.id());
            }
        }));
    }

    private int deletePorts(UUID migrationId) {
        try {
            return cleanup.deletePortsOf(migrationId, mapping.recordedVmId(migrationId).orElse(null));
        } catch (OpenStackException | ProtectedResourceException e) {
            LOG.errorf("Ports of cancelled migration %s were NOT deleted (%s); delete the Neutron ports tagged "
                    + "traverse-migration-id=%s by hand", migrationId, e.getMessage(), migrationId);
            return -1;
        }
    }
}
