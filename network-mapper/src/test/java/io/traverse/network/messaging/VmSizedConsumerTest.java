package io.traverse.network.messaging;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.events.EventEnvelope;
import io.traverse.network.testing.MigrationApiStandIn;
import io.traverse.support.testing.TriggerConsumerContract;
import io.traverse.testbed.SampleEvents;
import io.traverse.testbed.TraverseTestbed;
import io.traverse.testbed.openstack.OpenStackTestResource;

import java.util.List;

/** network-mapper hears that a VM was sized, over the real Kafka broker, and records it in its own schema. */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(OpenStackTestResource.class)
@WithTestResource(MigrationApiStandIn.class)
class VmSizedConsumerTest extends TriggerConsumerContract {

    @Override
    protected List<EventEnvelope> triggers() {
        SampleEvents sample = SampleEvents.forNewMigration();
        return List.of(sample.vmSized());
    }
}
