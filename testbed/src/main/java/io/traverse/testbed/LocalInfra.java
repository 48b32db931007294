package io.traverse.testbed;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The local stack's PostgreSQL and Kafka in one process (vcsim is started separately, by vcsim.sh):
 * <pre>
 * java -jar testbed/target/testbed-0.1.0-SNAPSHOT-launcher.jar [--data-dir DIR] [--env-file FILE]
 *      [--pg-port 15432] [--kafka-port 19092] [--kafka-controller-port 19093]
 * </pre>
 * Prints one line starting with {@code READY } once both accept connections and every {@code Topics.ALL} topic exists,
 * after the env file is written. SIGTERM (or Ctrl-C) stops Kafka, then PostgreSQL, and removes the env file.
 * Exit status: 143 after SIGTERM (130 after Ctrl-C) once both are stopped, 1 if startup failed, 2 for a bad command line.
 */
public final class LocalInfra {

    public static final int DEFAULT_PG_PORT = 15432;
    public static final int DEFAULT_KAFKA_PORT = 19092;

    private static final String USAGE = """
            usage: java -jar testbed-<version>-launcher.jar [options]
              --data-dir DIR              keep PostgreSQL (DIR/postgres) and Kafka (DIR/kafka) data across runs
                                          (default: temporary directories, deleted on exit)
              --env-file FILE             write TRAVERSE_DB_URL, KAFKA_BOOTSTRAP_SERVERS, ... to FILE (KEY=value lines)
              --pg-port PORT              PostgreSQL port on 127.0.0.1 (default 15432, 0 = free port)
              --kafka-port PORT           Kafka PLAINTEXT port on 127.0.0.1 (default 19092, 0 = free port)
              --kafka-controller-port P   KRaft controller port (default: Kafka port + 1, or a free port if that is 0)
            """;

    record Options(Path dataDir, Path envFile, int pgPort, int kafkaPort, int controllerPort) {

        static Options parse(String[] args) {
            Path dataDir = null;
            Path envFile = null;
            int pgPort = DEFAULT_PG_PORT;
            int kafkaPort = DEFAULT_KAFKA_PORT;
            Integer controllerPort = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                }
                if (arg.equals("-h") || arg.equals("--help")) {
                    throw new UsageException(null);
                }
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("missing value for " + arg);
                    }
                    value = args[++i];
                }
                switch (arg) {
                    case "--data-dir" -> dataDir = Path.of(value).toAbsolutePath();
                    case "--env-file" -> envFile = Path.of(value).toAbsolutePath();
                    case "--pg-port" -> pgPort = port(arg, value);
                    case "--kafka-port" -> kafkaPort = port(arg, value);
                    case "--kafka-controller-port" -> controllerPort = port(arg, value);
                    default -> throw new UsageException("unknown option " + arg);
                }
            }
            int ctl = controllerPort != null ? controllerPort : kafkaPort == 0 ? 0 : kafkaPort + 1;
            return new Options(dataDir, envFile, pgPort, kafkaPort, ctl);
        }

        private static int port(String option, String value) {
            try {
                int p = Integer.parseInt(value);
                if (p < 0 || p > 65535) {
                    throw new NumberFormatException();
                }
                return p;
            } catch (NumberFormatException e) {
                throw new UsageException(option + " wants a port number, got " + value);
            }
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private LocalInfra() {
    }

    public static void main(String[] args) throws Exception {
        configureLogging();
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            PrintStream out = e.getMessage() == null ? System.out : System.err;
            if (e.getMessage() != null) {
                out.println("LocalInfra: " + e.getMessage());
            }
            out.print(USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        int rc = run(options);
        if (rc != 0) {
            System.exit(rc); // the shutdown hook stops whatever did start
        }
        // a signal got us here: the JVM halts once the shutdown hooks are done (exit status 128 + signal, e.g. 143)
    }

    static int run(Options o) throws InterruptedException {
        List<String> busy = new ArrayList<>();
        for (int port : new int[] {o.pgPort(), o.kafkaPort(), o.controllerPort()}) {
            if (port != 0 && Ports.inUse(port)) {
                busy.add("127.0.0.1:" + port);
            }
        }
        if (!busy.isEmpty()) {
            System.err.println("LocalInfra: " + String.join(", ", busy) + " already in use (another LocalInfra, or ./traverse up"
                    + " still running?). Stop it, or choose other ports with --pg-port/--kafka-port.");
            return 1;
        }

        Stack stack = new Stack(o);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.stop();
            stopped.countDown();
        }, "local-infra-shutdown"));
        try {
            String ready = stack.start();
            System.out.println(ready);
            System.out.flush();
        } catch (RuntimeException e) {
            System.err.println("LocalInfra: startup failed: " + e.getMessage());
            e.printStackTrace();
            return 1;
        }
        stopped.await();
        return 0;
    }

    /** PostgreSQL + Kafka, started side by side. */
    static final class Stack {
        private final Options o;
        private volatile EmbeddedPostgresServer pg;
        private volatile EmbeddedKafkaBroker kafka;

        Stack(Options o) {
            this.o = o;
        }

        String start() {
            long t0 = System.nanoTime();
            CompletableFuture<Long> kafkaStarted = CompletableFuture.supplyAsync(() -> {
                long k0 = System.nanoTime();
                kafka = EmbeddedKafkaBroker.start(o.kafkaPort(), o.controllerPort(),
                        o.dataDir() == null ? null : o.dataDir().resolve("kafka"));
                kafka.createTraverseTopics();
                return (System.nanoTime() - k0) / 1_000_000;
            });
            long p0 = System.nanoTime();
            RuntimeException pgFailure = null;
            try {
                pg = EmbeddedPostgresServer.start(o.pgPort(), o.dataDir() == null ? null : o.dataDir().resolve("postgres"));
            } catch (RuntimeException e) {
                pgFailure = e;
            }
            long pgMs = (System.nanoTime() - p0) / 1_000_000;
            long kafkaMs;
            try {
                kafkaMs = kafkaStarted.join();
            } catch (RuntimeException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
            if (pgFailure != null) {
                throw pgFailure;
            }
            Map<String, String> env = env();
            if (o.envFile() != null) {
                writeEnvFile(o.envFile(), env);
            }
            return String.format("READY postgres=%s kafka=%s env-file=%s (postgres %d ms, kafka %d ms, total %d ms)",
                    pg.jdbcUrl(), kafka.bootstrapServers(), o.envFile() == null ? "-" : o.envFile(),
                    pgMs, kafkaMs, (System.nanoTime() - t0) / 1_000_000);
        }

        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("TRAVERSE_DB_URL", pg.jdbcUrl());
            env.put("TRAVERSE_DB_USER", pg.username());
            env.put("TRAVERSE_DB_PASSWORD", pg.password());
            env.put("TRAVERSE_DB_PORT", Integer.toString(pg.port()));
            // the names Quarkus maps to quarkus.datasource.* and kafka.bootstrap.servers
            env.put("QUARKUS_DATASOURCE_JDBC_URL", pg.jdbcUrl());
            env.put("QUARKUS_DATASOURCE_USERNAME", pg.username());
            env.put("QUARKUS_DATASOURCE_PASSWORD", pg.password());
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("TRAVERSE_KAFKA_PORT", Integer.toString(kafka.port()));
            env.put("TRAVERSE_LOCAL_INFRA_PID", Long.toString(ProcessHandle.current().pid()));
            return env;
        }

        void stop() {
            EmbeddedKafkaBroker k = kafka;
            if (k != null) {
                long t0 = System.nanoTime();
                k.close();
                System.err.printf("LocalInfra: Kafka stopped in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            }
            EmbeddedPostgresServer p = pg;
            if (p != null) {
                p.close(); // zonky's own shutdown hook may be doing the same right now; close() waits for neither
                System.err.println("LocalInfra: PostgreSQL stopped");
            }
            if (o.envFile() != null) {
                try {
                    Files.deleteIfExists(o.envFile());
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    /** KEY=value lines (no quoting needed: no value has spaces); readable by {@code set -a; . FILE} and by Quarkus' .env. */
    static void writeEnvFile(Path file, Map<String, String> env) {
        StringBuilder sb = new StringBuilder("# written by io.traverse.testbed.LocalInfra; removed when it stops\n");
        env.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".local-infra", ".env");
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("Could not write the env file " + file + ": " + e.getMessage(), e);
        }
    }

    /** slf4j-simple: warnings from Kafka and zonky, info from us, unless -D says otherwise. */
    private static void configureLogging() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.showDateTime", System.getProperty("org.slf4j.simpleLogger.showDateTime", "true"));
        System.setProperty("org.slf4j.simpleLogger.log.io.traverse", System.getProperty("org.slf4j.simpleLogger.log.io.traverse", "info"));
        // "Performing controller activation. The metadata log appears to be empty" is a WARN on every fresh start
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.controller",
                System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka.controller", "error"));
        // "Attempting to close NetworkClient that has already been closed" is a WARN on every shutdown
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient",
                System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "error"));
        // the broker touches log4j-api, whose log4j-core we leave out: use log4j-api's own simple logger (errors only)
        System.setProperty("log4j2.loggerContextFactory", System.getProperty("log4j2.loggerContextFactory",
                "org.apache.logging.log4j.simple.SimpleLoggerContextFactory"));
    }
}
