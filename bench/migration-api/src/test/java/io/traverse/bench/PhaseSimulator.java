package io.traverse.bench;

import io.traverse.events.ConversionPath;
import io.traverse.events.DiskSyncRequested;
import io.traverse.events.DiskSynced;
import io.traverse.events.EventEnvelope;
import io.traverse.events.EventJson;
import io.traverse.events.InstanceActive;
import io.traverse.events.MigrationRequested;
import io.traverse.events.SyncedDisk;
import io.traverse.events.Topics;
import io.traverse.events.VmConverted;
import io.traverse.events.VmDiscovered;
import io.traverse.events.VmMapped;
import io.traverse.events.VmSized;
import io.traverse.testbed.SampleEvents;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every phase service at once, answering instantly: consumes what discovery-service, flavor-service,
 * network-mapper, disk-transfer-worker, conversion-worker and launch-service consume, and publishes what each
 * would publish next (realistic payloads from {@link SampleEvents}). Runs on its own thread until closed.
 */
final class PhaseSimulator implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final Thread thread;
    private final AtomicLong published = new AtomicLong();
    private volatile boolean running = true;

    PhaseSimulator(String bootstrap) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-phase-simulator-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000), new StringDeserializer(), new StringDeserializer());
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 2), new StringSerializer(), new StringSerializer());
        consumer.subscribe(List.of(Topics.MIGRATION_REQUESTED, Topics.VM_DISCOVERED, Topics.VM_SIZED, Topics.VM_MAPPED,
                Topics.DISK_SYNC_REQUESTED, Topics.DISK_SYNCED, Topics.VM_CONVERTED));
        thread = new Thread(this::run, "phase-simulator");
    }

    /** Joins the group and waits until partitions are assigned, so nothing published afterwards is missed. */
    void start() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100));
        }
        thread.start();
    }

    long published() {
        return published.get();
    }

    private void run() {
        while (running) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                EventEnvelope e;
                try {
                    e = EventJson.decode(r.value());
                } catch (RuntimeException ex) {
                    continue;
                }
                EventEnvelope reply = answer(e);
                if (reply != null) {
                    producer.send(new ProducerRecord<>(reply.topic(), reply.key(), EventJson.encodeToString(reply)));
                    published.incrementAndGet();
                }
            }
        }
    }

    private static EventEnvelope answer(EventEnvelope e) {
        SampleEvents s = new SampleEvents(e.migrationId());
        UUID id = e.migrationId();
        return switch (e.data()) {
            case MigrationRequested req -> EventEnvelope.of("discovery-service", id, new VmDiscovered(req, s.vm()));
            case VmDiscovered d -> EventEnvelope.of("flavor-service", id, new VmSized(d.request(), d.vm(), s.flavor()));
            case VmSized z -> EventEnvelope.of("network-mapper", id, new VmMapped(z.request(), z.vm(), z.flavor(), "nova",
                    s.mapped().ports(), s.mapped().volumeTypes()));
            case VmMapped m -> EventEnvelope.of("disk-transfer-worker", id, new DiskSynced(1,
                    m.request().mode() == io.traverse.events.MigrationMode.COLD, disks(1), m));
            case DiskSyncRequested r -> EventEnvelope.of("disk-transfer-worker", id,
                    new DiskSynced(r.round(), r.cutover(), disks(r.round()), s.mapped()));
            case DiskSynced d when d.cutover() -> EventEnvelope.of("conversion-worker", id, new VmConverted(
                    ConversionPath.NONE, null, null, "benchmark: nothing to convert", List.of("vol-" + id), d.mapping()));
            case VmConverted c -> EventEnvelope.of("launch-service", id, new InstanceActive("srv-" + id,
                    "migrated-" + c.mapping().vm().name(), c.mapping().flavor().name(), null, List.of("10.20.0.15"), List.of()));
            default -> null;
        };
    }

    private static List<SyncedDisk> disks(int round) {
        return List.of(new SyncedDisk(204, "vol", "52 de/" + round, round == 1 ? 10L << 30 : 64L << 20, null));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
        consumer.close();
        producer.close(Duration.ofSeconds(5));
    }
}
