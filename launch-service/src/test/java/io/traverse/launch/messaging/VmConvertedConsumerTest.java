package io.traverse.launch.messaging;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.events.EventEnvelope;
import io.traverse.launch.support.FakeDiscovery;
import io.traverse.support.testing.TriggerConsumerContract;
import io.traverse.testbed.SampleEvents;
import io.traverse.testbed.TraverseTestbed;
import io.traverse.testbed.openstack.OpenStackTestResource;

import java.util.List;

/**
 * launch-service hears that a VM was converted or a migration cancelled, over the real Kafka broker, and records each
 * once in its own schema. (The sample vm.converted names volumes and ports that do not exist on the testbed, so its
 * launch fails at once with migration.failed; nothing is created.)
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(OpenStackTestResource.class)
@WithTestResource(FakeDiscovery.class)
class VmConvertedConsumerTest extends TriggerConsumerContract {

    @Override
    protected List<EventEnvelope> triggers() {
        SampleEvents sample = SampleEvents.forNewMigration();
        return List.of(sample.vmConverted(), EventEnvelope.of("migration-api", sample.migrationId(),
                new io.traverse.events.MigrationCancelled("test", "test")));
    }
}
