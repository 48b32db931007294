package io.traverse.testbed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedPostgresServerTest {

    @Test
    void sharedServerAcceptsConnectionsAndQueries() throws SQLException {
        PostgresServer pg = SharedTestbed.postgres();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
             Statement s = c.createStatement()) {
            s.execute("create table if not exists pg_smoke (id int primary key, name text)");
            s.execute("insert into pg_smoke values (1, 'vm-1') on conflict do nothing");
            try (ResultSet rs = s.executeQuery("select name, current_setting('server_version_num')::int from pg_smoke where id = 1")) {
                assertTrue(rs.next());
                assertEquals("vm-1", rs.getString(1));
                assertTrue(rs.getInt(2) >= 170000, "PostgreSQL 17 expected");
            }
        }
        assertEquals(pg.jdbcUrl(), SharedTestbed.postgresConfig().get("quarkus.datasource.jdbc.url"));
    }

    @Test
    void persistentDataDirKeepsDataAcrossRestarts(@TempDir Path dir) throws SQLException {
        Path data = dir.resolve("pg");
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(0, data)) {
            exec(pg, "create table kept (v text); insert into kept values ('still here')");
        }
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(0, data);
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
             ResultSet rs = c.createStatement().executeQuery("select v from kept")) {
            assertTrue(rs.next());
            assertEquals("still here", rs.getString(1));
        }
    }

    @Test
    void externalServerComesFromTraverseDbUrl() {
        assertTrue(ExternalPostgresServer.fromEnvironment(Map.of()).isEmpty());
        ExternalPostgresServer ext = ExternalPostgresServer.fromEnvironment(Map.of(
                "TRAVERSE_DB_URL", "jdbc:postgresql://db.example:5432/traverse",
                "TRAVERSE_DB_USER", "traverse", "TRAVERSE_DB_PASSWORD", "s3cret")).orElseThrow();
        assertEquals(Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://db.example:5432/traverse",
                "quarkus.datasource.username", "traverse", "quarkus.datasource.password", "s3cret"), ext.quarkusConfig());
        assertFalse(ext.toString().contains("s3cret"));
        assertThrows(IllegalArgumentException.class,
                () -> ExternalPostgresServer.fromEnvironment(Map.of("TRAVERSE_DB_URL", "postgres://x")));
    }

    private static void exec(PostgresServer pg, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password())) {
            c.createStatement().execute(sql);
        }
    }
}
