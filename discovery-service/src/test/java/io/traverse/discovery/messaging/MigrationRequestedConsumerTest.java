package io.traverse.discovery.messaging;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.events.EventEnvelope;
import io.traverse.support.testing.TriggerConsumerContract;
import io.traverse.testbed.SampleEvents;
import io.traverse.testbed.TraverseTestbedWithVcsim;

import java.util.List;

/** discovery-service hears that a migration was requested, over the real Kafka broker, and records it in its own schema (vcsim answers the reads it makes). */
@QuarkusTest
@WithTestResource(TraverseTestbedWithVcsim.class)
class MigrationRequestedConsumerTest extends TriggerConsumerContract {

    @Override
    protected List<EventEnvelope> triggers() {
        SampleEvents sample = SampleEvents.forNewMigration();
        return List.of(sample.migrationRequested());
    }
}
