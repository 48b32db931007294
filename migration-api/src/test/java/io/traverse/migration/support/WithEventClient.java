package io.traverse.migration.support;

import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.SampleEvents;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.UUID;

import static io.traverse.migration.support.Api.awaitState;

/**
 * For API tests that play the phase services: {@link #kafka} is connected to the testbed's broker before each test
 * and closed after it, so a test sends events and reads what migration-api published without its own fixture.
 */
public abstract class WithEventClient {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    protected String bootstrapServers;

    protected EventTestClient kafka;

    @BeforeEach
    void connectEventClient() {
        kafka = new EventTestClient(bootstrapServers);
    }

    @AfterEach
    void closeEventClient() {
        kafka.close();
    }

    /** A cold migration of a fresh VM, played up to LAUNCHING; its final sync was round 1. */
    protected SampleEvents atLaunching(String vmName) {
        String id = Api.startOne(Api.freshVmId(), vmName, "COLD");
        SampleEvents s = new SampleEvents(UUID.fromString(id));
        kafka.send(s.vmDiscovered());
        kafka.send(s.vmSized());
        kafka.send(s.vmMapped());
        awaitState(id, "CUTTING_OVER");
        kafka.send(s.diskSynced(1, true));
        kafka.send(s.vmConverted());
        awaitState(id, "LAUNCHING");
        return s;
    }
}
