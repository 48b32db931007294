package io.traverse.testbed;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * {@code @WithTestResource(PostgresTestResource.class)}: the test JVM's PostgreSQL (embedded, or {@code TRAVERSE_DB_URL}).
 * Returns {@code quarkus.datasource.jdbc.url}, {@code quarkus.datasource.username}, {@code quarkus.datasource.password}.
 * The server outlives {@link #stop()}: it is shared by every test class and stopped when the JVM exits.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return SharedTestbed.postgresConfig();
    }

    @Override
    public void stop() {
        // shared for the whole JVM; SharedTestbed stops it at exit
    }
}
