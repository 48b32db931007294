package io.traverse.testbed;

import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL server that Traverse can use: either a real server process started here ({@link EmbeddedPostgresServer})
 * or one given from outside through {@code TRAVERSE_DB_URL} ({@link ExternalPostgresServer}).
 */
public interface PostgresServer extends AutoCloseable {

    /** {@code jdbc:postgresql://host:port/database} */
    String jdbcUrl();

    String username();

    String password();

    /** The Quarkus datasource keys for this server. */
    default Map<String, String> quarkusConfig() {
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl(),
                "quarkus.datasource.username", username(),
                "quarkus.datasource.password", password());
    }

    /** Stops the server if this JVM started it; an external server is left alone. */
    @Override
    void close();

    /**
     * The server named by {@code TRAVERSE_DB_URL} (+ {@code TRAVERSE_DB_USER}, {@code TRAVERSE_DB_PASSWORD}) if that is set,
     * otherwise a new embedded server on a free loopback port with a temporary data directory.
     */
    static PostgresServer fromEnvironment() {
        Optional<ExternalPostgresServer> external = ExternalPostgresServer.fromEnvironment(System.getenv());
        return external.isPresent() ? external.get() : EmbeddedPostgresServer.start();
    }
}
