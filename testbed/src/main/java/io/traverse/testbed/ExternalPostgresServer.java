package io.traverse.testbed;

import java.util.Map;
import java.util.Optional;

/** A PostgreSQL server that runs elsewhere, named by {@code TRAVERSE_DB_URL}; this JVM never starts or stops it. */
public record ExternalPostgresServer(String jdbcUrl, String username, String password) implements PostgresServer {

    public static final String URL_ENV = "TRAVERSE_DB_URL";
    public static final String USER_ENV = "TRAVERSE_DB_USER";
    public static final String PASSWORD_ENV = "TRAVERSE_DB_PASSWORD";

    public ExternalPostgresServer {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(URL_ENV + " must be a jdbc:postgresql: URL, got: " + jdbcUrl);
        }
    }

    /** Reads {@code TRAVERSE_DB_URL}, {@code TRAVERSE_DB_USER} (default postgres), {@code TRAVERSE_DB_PASSWORD} (default empty). */
    public static Optional<ExternalPostgresServer> fromEnvironment(Map<String, String> env) {
        String url = env.get(URL_ENV);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new ExternalPostgresServer(url.strip(),
                env.getOrDefault(USER_ENV, "postgres"), env.getOrDefault(PASSWORD_ENV, "")));
    }

    @Override
    public void close() {
        // not ours to stop
    }

    @Override
    public String toString() {
        return "ExternalPostgresServer[" + jdbcUrl + ", user " + username + "]";
    }
}
