package io.traverse.testbed;

import io.traverse.testbed.keycloak.Keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One PostgreSQL, one Kafka broker and one vcsim per test JVM, each started on first use and stopped by a JVM
 * shutdown hook (never by a test resource's {@code stop()}: Quarkus restarts the application between test classes
 * with different resources, and restarting the components each time would make the suite slow).
 *
 * <p>Quarkus may load test resources in a different class loader per application, where static fields would no
 * longer be "one per JVM". So the {@code *Config()} entry points the test resources use delegate to this class as
 * loaded by the system class loader, and they exchange only JDK types ({@code Map<String, String>}).
 */
public final class SharedTestbed {

    private static final Object PG_LOCK = new Object();
    private static final Object KAFKA_LOCK = new Object();
    private static final Object VCSIM_LOCK = new Object();
    private static final Object KEYCLOAK_LOCK = new Object();
    private static final List<AutoCloseable> STARTED = Collections.synchronizedList(new ArrayList<>());

    private static PostgresServer postgres;
    private static EmbeddedKafkaBroker kafka;
    private static Vcsim vcsim;
    private static Keycloak keycloak;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SharedTestbed::stopAll, "traverse-testbed-shutdown"));
    }

    private SharedTestbed() {
    }

    /** The JVM's PostgreSQL: {@code TRAVERSE_DB_URL} if set, else an embedded server on a free port. */
    public static PostgresServer postgres() {
        synchronized (PG_LOCK) {
            if (postgres == null) {
                postgres = timed("PostgreSQL", PostgresServer::fromEnvironment);
                STARTED.add(postgres);
            }
            return postgres;
        }
    }

    /** The JVM's Kafka broker on a free port, with every {@code Topics.ALL} topic created. */
    public static EmbeddedKafkaBroker kafka() {
        synchronized (KAFKA_LOCK) {
            if (kafka == null) {
                EmbeddedKafkaBroker broker = timed("Kafka", EmbeddedKafkaBroker::start);
                STARTED.add(broker);
                broker.createTraverseTopics();
                kafka = broker;
            }
            return kafka;
        }
    }

    /** The JVM's vcsim on a free port, with its own temporary state directory. */
    public static Vcsim vcsim() {
        synchronized (VCSIM_LOCK) {
            if (vcsim == null) {
                Vcsim started = timed("vcsim", () -> {
                    try {
                        return Vcsim.start(0, Files.createTempDirectory("traverse-vcsim"));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                STARTED.add(new AutoCloseable() {
                    @Override
                    public void close() {
                        started.close();
                        Files2.deleteRecursively(started.stateDir());
                    }

                    @Override
                    public String toString() {
                        return started.toString();
                    }
                });
                vcsim = started;
            }
            return vcsim;
        }
    }

    /**
     * The JVM's Keycloak with the test realm ({@link Keycloak}): started on first use (about 20 s once the machine has
     * its cached build, minutes the very first time), then shared by every test class of the JVM.
     */
    public static Keycloak keycloak() {
        synchronized (KEYCLOAK_LOCK) {
            if (keycloak == null) {
                Keycloak started = timed("Keycloak", Keycloak::start);
                STARTED.add(started);
                keycloak = started;
            }
            return keycloak;
        }
    }

    /** traverse.keycloak.url, traverse.keycloak.realm-url (the issuer) */
    public static Map<String, String> keycloakConfig() {
        return viaSystemClassLoader("localKeycloakConfig");
    }

    public static Map<String, String> localKeycloakConfig() {
        return Map.of("traverse.keycloak.url", keycloak().url(), "traverse.keycloak.realm-url", keycloak().realmUrl());
    }

    /** quarkus.datasource.jdbc.url, quarkus.datasource.username, quarkus.datasource.password */
    public static Map<String, String> postgresConfig() {
        return viaSystemClassLoader("localPostgresConfig");
    }

    /** kafka.bootstrap.servers */
    public static Map<String, String> kafkaConfig() {
        return viaSystemClassLoader("localKafkaConfig");
    }

    /** traverse.vcenter.url, traverse.vcenter.username, traverse.vcenter.password, traverse.vcenter.insecure */
    public static Map<String, String> vcsimConfig() {
        return viaSystemClassLoader("localVcsimConfig");
    }

    public static Map<String, String> localPostgresConfig() {
        return Map.copyOf(postgres().quarkusConfig());
    }

    public static Map<String, String> localKafkaConfig() {
        return Map.of("kafka.bootstrap.servers", kafka().bootstrapServers());
    }

    public static Map<String, String> localVcsimConfig() {
        return Map.copyOf(vcsim().traverseConfig());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> viaSystemClassLoader(String method) {
        Class<?> owner = SharedTestbed.class;
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (owner.getClassLoader() != system) {
            try {
                owner = Class.forName(SharedTestbed.class.getName(), true, system);
            } catch (ClassNotFoundException | LinkageError e) {
                owner = SharedTestbed.class; // testbed jar not on the system class path: one set per class loader
            }
        }
        try {
            return new LinkedHashMap<>((Map<String, String>) owner.getMethod(method).invoke(null));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Starter<T> {
        T start();
    }

    private static <T> T timed(String what, Starter<T> starter) {
        long t0 = System.nanoTime();
        T started = starter.start();
        System.err.printf("testbed: %s started in %d ms: %s%n", what, (System.nanoTime() - t0) / 1_000_000, started);
        return started;
    }

    private static void stopAll() {
        List<AutoCloseable> all;
        synchronized (STARTED) {
            all = new ArrayList<>(STARTED);
        }
        Collections.reverse(all);
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("testbed: stopping " + c + ": " + e);
            }
        }
    }
}
