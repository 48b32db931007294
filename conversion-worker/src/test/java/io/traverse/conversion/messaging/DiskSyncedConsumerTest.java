package io.traverse.conversion.messaging;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.events.EventEnvelope;
import io.traverse.support.testing.TriggerConsumerContract;
import io.traverse.testbed.SampleEvents;
import io.traverse.testbed.TraverseTestbed;

import java.util.List;

/** conversion-worker hears that a VM's final sync landed, over the real Kafka broker, and records it in its own schema. */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
class DiskSyncedConsumerTest extends TriggerConsumerContract {

    @Override
    protected List<EventEnvelope> triggers() {
        SampleEvents sample = SampleEvents.forNewMigration();
        return List.of(sample.diskSynced(2, true));
    }
}
