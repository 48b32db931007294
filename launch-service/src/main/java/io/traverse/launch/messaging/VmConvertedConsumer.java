package io.traverse.launch.messaging;

import io.smallrye.common.annotation.Blocking;
import io.traverse.events.EventEnvelope;
import io.traverse.launch.service.LaunchService;
import io.traverse.support.messaging.IdempotentConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Starts phase 6 for a VM: its volumes are converted, so queue its launch. The launch itself runs outside the
 * consumer (it takes minutes); a redelivery is skipped by the inbox, and a second vm.converted for the same
 * migration never queues a second launch.
 */
@ApplicationScoped
public class VmConvertedConsumer {

    private final IdempotentConsumer consumer;
    private final LaunchService launches;

    public VmConvertedConsumer(IdempotentConsumer consumer, LaunchService launches) {
        this.consumer = consumer;
        this.launches = launches;
    }

    @Incoming("vm-converted")
    @Blocking
    @Transactional
    public void on(EventEnvelope event) {
        consumer.handle(event, launches::accept);
    }
}
