package io.traverse.testbed;

import io.traverse.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalInfraTest {

    @Test
    void parsesTheCommandLine() {
        LocalInfra.Options defaults = LocalInfra.Options.parse(new String[0]);
        assertEquals(new LocalInfra.Options(null, null, 15432, 19092, 19093), defaults);
        LocalInfra.Options o = LocalInfra.Options.parse(new String[] {"--data-dir", "/tmp/d", "--env-file=/tmp/e.env",
                "--pg-port", "0", "--kafka-port", "0"});
        assertEquals(new LocalInfra.Options(Path.of("/tmp/d"), Path.of("/tmp/e.env"), 0, 0, 0), o);
        assertThrows(LocalInfra.UsageException.class, () -> LocalInfra.Options.parse(new String[] {"--pg-port", "x"}));
        assertThrows(LocalInfra.UsageException.class, () -> LocalInfra.Options.parse(new String[] {"--nope", "1"}));
    }

    /** Runs LocalInfra as its own process twice on one data dir: READY, env file, data kept, clean stop on SIGTERM. */
    @Test
    void startsWritesEnvFileAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path envFile = dir.resolve("infra.env");
        int pgPort = Ports.free();
        int kafkaPort = Ports.freeExcept(pgPort);

        Map<String, String> env = runUntilReady(data, envFile, pgPort, kafkaPort, (e) -> {
            try (Connection c = DriverManager.getConnection(e.get("TRAVERSE_DB_URL"), e.get("TRAVERSE_DB_USER"), e.get("TRAVERSE_DB_PASSWORD"))) {
                c.createStatement().execute("create table survives_restart (v text); insert into survives_restart values ('yes')");
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, e.get("KAFKA_BOOTSTRAP_SERVERS")))) {
                assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).containsAll(Topics.ALL));
            }
        });
        assertEquals("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", env.get("TRAVERSE_DB_URL"));
        assertEquals("127.0.0.1:" + kafkaPort, env.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals(env.get("TRAVERSE_DB_URL"), env.get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertTrue(env.keySet().containsAll(List.of("TRAVERSE_DB_USER", "TRAVERSE_DB_PASSWORD", "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD", "TRAVERSE_DB_PORT", "TRAVERSE_KAFKA_PORT", "TRAVERSE_LOCAL_INFRA_PID")), env.toString());
        assertFalse(Files.exists(envFile), "env file is removed on stop");
        assertFalse(Ports.inUse(pgPort), "PostgreSQL still listening after SIGTERM");
        assertFalse(Ports.inUse(kafkaPort), "Kafka still listening after SIGTERM");

        // second run on the same --data-dir: the table and the topics are still there
        runUntilReady(data, envFile, pgPort, kafkaPort, (e) -> {
            try (Connection c = DriverManager.getConnection(e.get("TRAVERSE_DB_URL"), e.get("TRAVERSE_DB_USER"), e.get("TRAVERSE_DB_PASSWORD"));
                 ResultSet rs = c.createStatement().executeQuery("select v from survives_restart")) {
                assertTrue(rs.next());
                assertEquals("yes", rs.getString(1));
            }
        });
        assertFalse(Ports.inUse(pgPort));
    }

    private interface Check {
        void accept(Map<String, String> env) throws Exception;
    }

    private static Map<String, String> runUntilReady(Path data, Path envFile, int pgPort, int kafkaPort, Check check) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LocalInfra.class.getName(),
                "--data-dir", data.toString(), "--env-file", envFile.toString(),
                "--pg-port", Integer.toString(pgPort), "--kafka-port", Integer.toString(kafkaPort),
                "--kafka-controller-port", Integer.toString(Ports.free()))
                .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.startsWith("READY ")) {
                        ready.complete(line);
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
            ready.completeExceptionally(new AssertionError("LocalInfra exited without READY"));
        });
        reader.start();
        try {
            String line = ready.get(120, TimeUnit.SECONDS);
            assertTrue(line.contains("postgres=jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres"), line);
            assertTrue(Files.exists(envFile), "env file written before READY");
            Map<String, String> env = Vcsim.readEnvFile(envFile);
            check.accept(env);
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "LocalInfra did not stop within 60 s of SIGTERM");
            assertEquals(143, p.exitValue());
            reader.join(5000);
            return env;
        } catch (Exception | AssertionError e) {
            synchronized (output) {
                System.err.println("LocalInfra output:\n" + String.join("\n", output));
            }
            throw e;
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }
}
