package io.traverse.dashboard.browser;

import io.traverse.events.ConversionPath;
import io.traverse.events.DiskProgress;
import io.traverse.events.DiskSyncRequested;
import io.traverse.events.DiskSynced;
import io.traverse.events.EventEnvelope;
import io.traverse.events.EventJson;
import io.traverse.events.EventType;
import io.traverse.events.InstanceActive;
import io.traverse.events.MigrationEvent;
import io.traverse.events.PortMapping;
import io.traverse.events.SourceDisk;
import io.traverse.events.SyncedDisk;
import io.traverse.events.VmConverted;
import io.traverse.events.VmDiscovered;
import io.traverse.events.VmMapped;
import io.traverse.events.VmSized;
import io.traverse.testbed.EventTestClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Plays the phase services that need real disks and a real network on the target — network-mapper,
 * disk-transfer-worker, conversion-worker and the launch of launch-service — by publishing their real events on the
 * real Kafka (through the testbed's {@link EventTestClient}), each in answer to the event that triggers that phase,
 * paced so a person (and the browser test) can see every step. discovery-service and flavor-service are the real
 * ones ({@link RealBackends}). At the cutover and on a rollback the source VM is
 * powered off / on through discovery-service's real source operations on vcsim, as the real phases will.
 */
final class StandInPhaseServices implements AutoCloseable {

    private static final List<String> TRIGGERS = List.of(EventType.VM_DISCOVERED, EventType.VM_SIZED, EventType.VM_MAPPED,
            EventType.DISK_SYNC_REQUESTED, EventType.DISK_SYNCED, EventType.VM_CONVERTED, EventType.MIGRATION_CANCELLED)
            .stream().map(t -> t.topic()).toList();

    private final EventTestClient events;
    private final String bootstrap;
    private final String discoveryUrl;
    private final Duration pace;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final Map<UUID, VmMapped> mapped = new ConcurrentHashMap<>();
    private final Map<UUID, String> vmIds = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final HttpClient http = HttpClient.newHttpClient();
    private final Thread loop;
    private final java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);

    StandInPhaseServices(String bootstrap, String discoveryUrl, Duration pace) {
        this.bootstrap = bootstrap;
        this.discoveryUrl = discoveryUrl;
        this.pace = pace;
        this.events = new EventTestClient(bootstrap);
        this.loop = new Thread(this::consume, "stand-in-phase-services");
        loop.setDaemon(true);
        loop.start();
    }

    private void consume() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "browser-test-stand-in-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(TRIGGERS, new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                    assigned.countDown();
                }
            });
            while (running.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        EventEnvelope e = EventJson.decode(r.value());
                        if (e != null) {
                            on(e);
                        }
                    } catch (RuntimeException ex) {
                        System.err.println("stand-in: skipped a record of " + r.topic() + ": " + ex);
                    }
                }
            }
        }
    }

    /** Blocks until the consumer has its partitions, so nothing published after this is missed. */
    void awaitAssigned(Duration timeout) throws InterruptedException {
        if (!assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the stand-in phase services got no Kafka partitions within " + timeout);
        }
    }

    private void on(EventEnvelope e) {
        UUID id = e.migrationId();
        MigrationEvent data = e.data();
        System.out.println("stand-in: got " + e.type() + " of " + id);
        switch (data) {
            case VmDiscovered d -> vmIds.put(id, d.vm().id()); // the real flavor-service sizes it
            case VmSized s -> later(1, () -> {
                List<PortMapping> ports = s.vm().nics().stream().map(n -> new PortMapping(n.macAddress(),
                        "net-frontier", null, "port-" + UUID.randomUUID(), "10.20.0." + (10 + Math.abs(n.macAddress().hashCode() % 200)),
                        true, List.of("default"))).toList();
                Map<Integer, String> types = new java.util.HashMap<>();
                s.vm().disks().forEach(d -> types.put(d.key(), "__DEFAULT__"));
                VmMapped m = new VmMapped(s.request(), s.vm(), s.flavor(), "nova", ports, types);
                mapped.put(id, m);
                publish("network-mapper", id, m);
            });
            case VmMapped m -> copyRound(id, m, 1, false);
            case DiskSyncRequested r -> {
                VmMapped m = mapped.get(id);
                if (m != null) {
                    if (r.cutover()) {
                        power(m.vm().id(), "power-off");
                    }
                    copyRound(id, m, r.round(), r.cutover());
                }
            }
            case DiskSynced s when s.cutover() -> later(2, () -> publish("conversion-worker", id, new VmConverted(
                    ConversionPath.NONE, null, null, "stand-in: vcsim disks carry no operating system",
                    s.disks().stream().map(SyncedDisk::volumeId).toList(), s.mapping())));
            case VmConverted c -> later(3, () -> publish("launch-service", id, new InstanceActive(
                    "server-" + id.toString().substring(0, 8), "migrated-" + c.mapping().vm().name(),
                    c.mapping().flavor().name(), "compute-0",
                    c.mapping().ports().stream().map(PortMapping::fixedIp).toList(),
                    c.mapping().ports().stream().map(PortMapping::portId).toList())));
            case io.traverse.events.MigrationCancelled x -> {
                String vm = vmIds.get(id);
                if (vm != null) {
                    later(1, () -> power(vm, "power-on"));
                }
            }
            default -> { }
        }
    }

    /** A copy round: progress every half pace, then the round's result. */
    private void copyRound(UUID id, VmMapped m, int round, boolean cutover) {
        long total = m.vm().disks().stream().mapToLong(SourceDisk::capacityBytes).sum();
        int disk = m.vm().disks().isEmpty() ? 0 : m.vm().disks().get(0).key();
        long bps = Math.max(1, total / Math.max(1, pace.toSeconds() * 3));
        int steps = cutover ? 1 : 6;
        for (int i = 1; i <= steps; i++) {
            long done = total * i / (steps + 1);
            long eta = (total - done) / bps;
            later(i, () -> publish("disk-transfer-worker", id, new DiskProgress(disk, round, done, total, bps, eta)));
        }
        later(steps + 1, () -> publish("disk-transfer-worker", id, new DiskSynced(round, cutover,
                m.vm().disks().stream().map(d -> new SyncedDisk(d.key(), "vol-" + id.toString().substring(0, 8) + "-" + d.key(),
                        "52 de " + round, d.capacityBytes(), null)).toList(), m)));
    }

    private void later(int paces, Runnable r) {
        scheduler.schedule(() -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.err.println("stand-in: " + e);
            }
        }, pace.toMillis() * paces, TimeUnit.MILLISECONDS);
    }

    private void publish(String source, UUID id, MigrationEvent data) {
        if (running.get()) {
            EventEnvelope e = EventEnvelope.of(source, id, data);
            events.send(e);
            System.out.println("stand-in: " + source + " published " + e.type() + " of " + id);
        }
    }

    private void power(String vmId, String op) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(discoveryUrl + "/api/source/vms/" + vmId + "/" + op))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                System.err.println("stand-in: " + op + " " + vmId + " answered " + r.statusCode() + " " + r.body());
            }
        } catch (Exception e) {
            System.err.println("stand-in: " + op + " " + vmId + " failed: " + e);
        }
    }

    @Override
    public void close() {
        running.set(false);
        scheduler.shutdownNow();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
    }
}
