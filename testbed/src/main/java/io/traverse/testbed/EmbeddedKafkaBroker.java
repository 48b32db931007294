package io.traverse.testbed;

import io.traverse.events.Topics;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real single-node Kafka (KRaft, combined broker + controller) running inside this JVM, from
 * {@code org.apache.kafka:kafka_2.13} (the version the Quarkus BOM pins, so it matches the services' kafka-clients).
 * Listens on 127.0.0.1 only, PLAINTEXT.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final int port;
    private final int controllerPort;
    private final Path logDir;
    private final boolean temporary;
    private final KafkaRaftServer server;
    private volatile boolean closed;

    private EmbeddedKafkaBroker(int port, int controllerPort, Path logDir, boolean temporary, KafkaRaftServer server) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.logDir = logDir;
        this.temporary = temporary;
        this.server = server;
    }

    /** A broker on a free loopback port with a temporary log directory that is deleted on {@link #close()}. */
    public static EmbeddedKafkaBroker start() {
        return start(0, 0, null);
    }

    /**
     * @param port           broker (PLAINTEXT) port, 0 for a free one
     * @param controllerPort KRaft controller port, 0 for a free one (keep it fixed with a persistent log directory)
     * @param logDir         persistent log directory (formatted if new, reused otherwise), or null for a temporary one
     */
    public static EmbeddedKafkaBroker start(int port, int controllerPort, Path logDir) {
        return withKafkasClassLoader(() -> startWithThisThreadsLoader(port, controllerPort, logDir));
    }

    /**
     * Kafka instantiates its plugins (metrics reporters, the share-group persister) through the thread's context
     * class loader. Inside a Quarkus test, or on a pool thread, that loader is not the one Kafka's own classes came
     * from, and startup fails with NoSuchMethodException or ClassCastException. Pin it to Kafka's loader.
     */
    private static <T> T withKafkasClassLoader(java.util.function.Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(EmbeddedKafkaBroker.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static EmbeddedKafkaBroker startWithThisThreadsLoader(int port, int controllerPort, Path logDir) {
        boolean temporary = logDir == null;
        try {
            Path dir = temporary ? Files.createTempDirectory("traverse-kafka") : logDir.toAbsolutePath();
            int brokerPort = port == 0 ? Ports.free() : port;
            int ctlPort = controllerPort == 0 ? Ports.freeExcept(brokerPort) : controllerPort;
            Properties props = config(brokerPort, ctlPort, dir);
            format(props, dir);
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                shutdownQuietly(server);
                throw e;
            }
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(brokerPort, ctlPort, dir, temporary, server);
            broker.awaitReady();
            return broker;
        } catch (Exception e) {
            String where = (port == 0 ? "a free port" : "127.0.0.1:" + port) + (logDir == null ? "" : " with log dir " + logDir);
            throw new IllegalStateException("Could not start embedded Kafka on " + where + ": " + e.getMessage(), e);
        }
    }

    private static Properties config(int brokerPort, int controllerPort, Path dir) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dir.toString());
        props.put("num.partitions", "1");
        // Topics.ALL is created up front; auto-creation stays on (Kafka's default) so a DLQ or test-only topic
        // does not make a producer block for max.block.ms
        props.put("auto.create.topics.enable", "true");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.flush.interval.messages", "1");
        return props;
    }

    /** Same as {@code kafka-storage.sh format}, but {@link StorageTool#execute} does not call System.exit. */
    private static void format(Properties props, Path dir) throws IOException {
        if (Files.exists(dir.resolve("meta.properties"))) {
            return; // persistent dir from an earlier run
        }
        Files.createDirectories(dir);
        // the generated server.properties must not sit inside log.dirs
        Path cfg = Files.createTempFile("traverse-kafka", ".properties");
        try {
            try (OutputStream out = Files.newOutputStream(cfg)) {
                props.store(out, "embedded kafka");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", cfg.toString()},
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("kafka storage format failed (rc " + rc + "): " + output.toString(StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(cfg);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** The persistent log directory, if one was given. */
    public Optional<Path> logDir() {
        return temporary ? Optional.empty() : Optional.of(logDir);
    }

    public Admin admin() {
        return withKafkasClassLoader(() -> Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000)));
    }

    private void awaitReady() throws Exception {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        }
    }

    /** Creates every topic in {@link Topics#ALL} with {@link Topics#partitions(String)} partitions. */
    public void createTraverseTopics() {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        for (String topic : Topics.ALL) {
            wanted.put(topic, Topics.partitions(topic));
        }
        createTopics(wanted);
    }

    /**
     * Creates the missing topics (replication factor 1) and grows existing ones that have fewer partitions than
     * wanted (a persistent log dir from an older Topics). Never shrinks or deletes.
     */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = partitionsByTopic.entrySet().stream()
                    .filter(e -> !existing.contains(e.getKey()))
                    .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
            List<String> present = partitionsByTopic.keySet().stream().filter(existing::contains).toList();
            awaitLeaders(admin, partitionsByTopic.keySet());
            if (!present.isEmpty()) {
                Map<String, NewPartitions> grow = admin.describeTopics(present).allTopicNames().get(60, TimeUnit.SECONDS)
                        .values().stream()
                        .filter(d -> d.partitions().size() < partitionsByTopic.get(d.name()))
                        .collect(Collectors.toMap(TopicDescription::name,
                                d -> NewPartitions.increaseTo(partitionsByTopic.get(d.name()))));
                if (!grow.isEmpty()) {
                    admin.createPartitions(grow).all().get(60, TimeUnit.SECONDS);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not create topics " + partitionsByTopic.keySet() + ": " + e.getMessage(), e);
        }
    }

    /**
     * CreateTopics returns before the broker leads the new partitions (its metadata cache, which DescribeTopics reads,
     * is updated before the replica manager), so a producer right after gets NOT_LEADER_OR_FOLLOWER and retries.
     * ListOffsets is answered only by a partition's leader and the admin client retries it, so once it answers for
     * every partition, they are ready. Then one consumer-group lookup makes the broker create __consumer_offsets,
     * which the first consumer would otherwise wait for.
     */
    private static void awaitLeaders(Admin admin, Collection<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> all = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (all.isEmpty()) {
            try {
                admin.describeTopics(topics).allTopicNames().get(60, TimeUnit.SECONDS).values().forEach(d -> d.partitions()
                        .forEach(p -> all.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50); // created, but not in the broker's metadata yet
            }
        }
        admin.listOffsets(all).all().get(60, TimeUnit.SECONDS);
        admin.listConsumerGroupOffsets("traverse-testbed-warmup").partitionsToOffsetAndMetadata().get(60, TimeUnit.SECONDS);
    }

    /** Partition count of each topic, sorted by name; internal topics excluded. */
    public Map<String, Integer> topicPartitions() {
        try (Admin admin = admin()) {
            Collection<String> names = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            if (names.isEmpty()) {
                return Map.of();
            }
            return admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS).values().stream()
                    .collect(Collectors.toMap(TopicDescription::name, d -> d.partitions().size(), (a, b) -> a, TreeMap::new));
        } catch (Exception e) {
            throw new IllegalStateException("Could not describe topics: " + e.getMessage(), e);
        }
    }

    /** Shuts the broker down and waits; deletes the log directory if it was temporary. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutdownQuietly(server);
        if (temporary) {
            Files2.deleteRecursively(logDir);
        }
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            System.err.println("testbed: Kafka shutdown: " + e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers() + (temporary ? "" : ", log dir " + logDir) + "]";
    }
}
