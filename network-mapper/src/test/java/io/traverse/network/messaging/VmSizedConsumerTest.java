package io.traverse.network.messaging;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.events.EventEnvelope;
import io.traverse.events.MigrationCancelled;
import io.traverse.network.testing.MigrationApiStandIn;
import io.traverse.support.testing.TriggerConsumerContract;
import io.traverse.testbed.SampleEvents;
import io.traverse.testbed.TraverseTestbed;
import io.traverse.testbed.openstack.OpenStackTestResource;

import java.util.List;

/** network-mapper hears that a VM was sized or its migration cancelled, over the real Kafka broker, once each. */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(OpenStackTestResource.class)
@WithTestResource(MigrationApiStandIn.class)
class VmSizedConsumerTest extends TriggerConsumerContract {

    @Override
    protected List<EventEnvelope> triggers() {
        SampleEvents sample = SampleEvents.forNewMigration();
        return List.of(sample.vmSized(), EventEnvelope.of("migration-api", sample.migrationId(),
                new MigrationCancelled("test", "test")));
    }
}
