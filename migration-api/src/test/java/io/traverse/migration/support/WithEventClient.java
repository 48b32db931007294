package io.traverse.migration.support;

import io.traverse.testbed.EventTestClient;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

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
}
