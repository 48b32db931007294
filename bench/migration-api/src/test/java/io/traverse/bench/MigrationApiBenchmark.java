package io.traverse.bench;

import com.sun.net.httpserver.HttpServer;
import io.traverse.testbed.SharedTestbed;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 1,000 VMs started as one plan (warm, cutover NOW: a full round, a cutover round, conversion and launch each),
 * with every phase service simulated by {@link PhaseSimulator}, which answers at once. migration-api runs from its
 * built jar as a separate JVM, as in production, against the testbed's real PostgreSQL and Kafka; a fake inventory
 * serves the 1,000 VMs for preflight. Measured: the latency of the API while the fleet moves (start, summary,
 * filtered list, one migration; p50/p99), the events per second migration-api consumes, and the time until all are
 * MIGRATED. Every loop here is bounded in count and time; all traffic stays on 127.0.0.1.
 */
class MigrationApiBenchmark {

    private static final Duration DEADLINE = Duration.ofMinutes(15);

    @Test
    void aThousandVmPlanRunsToMigrated() throws Exception {
        int vms = Integer.getInteger("bench.vms", 1000);
        String jar = System.getProperty("bench.jar");
        assertTrue(Files.exists(Path.of(jar)), "build migration-api first: " + jar);

        var pg = SharedTestbed.postgres();
        String kafka = SharedTestbed.kafka().bootstrapServers();
        resetSchema(pg.jdbcUrl(), pg.username(), pg.password());
        HttpServer inventory = fakeInventory(vms);
        int port = freePort();
        Path log = Path.of(System.getProperty("bench.report")).resolveSibling("migration-api.log");
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.url=" + pg.jdbcUrl(),
                "-Dquarkus.datasource.username=" + pg.username(),
                "-Dquarkus.datasource.password=" + pg.password(),
                "-Dkafka.bootstrap.servers=" + kafka,
                "-Dtraverse.auth.mode=none",
                "-Dquarkus.oidc.tenant-enabled=false",
                "-Dtraverse.orchestration.admission.max-concurrent=" + Integer.getInteger("bench.maxConcurrent", 200),
                "-Dquarkus.rest-client.inventory.url=http://127.0.0.1:" + inventory.getAddress().getPort(),
                "-jar", jar));
        Process api = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        try (PhaseSimulator simulator = new PhaseSimulator(kafka)) {
            waitReady(http, base);
            simulator.start();

            String plan = createPlan(http, base, vms);
            post(http, base + "/api/plans/" + plan + "/preflight", "");
            long processedBefore = count(pg.jdbcUrl(), pg.username(), pg.password(), "select count(*) from migration.processed_event");

            List<Long> startMs = new ArrayList<>();
            Instant t0 = Instant.now();
            long s0 = System.nanoTime();
            HttpResponse<String> start = post(http, base + "/api/plans/" + plan + "/start", "");
            startMs.add((System.nanoTime() - s0) / 1_000_000);
            assertEquals(202, start.statusCode(), start.body());

            // readers, like dashboards, while the fleet moves
            List<Long> readMs = Collections.synchronizedList(new ArrayList<>());
            ExecutorService readers = Executors.newFixedThreadPool(4);
            String anyId = firstMatch(start.body(), "\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
            List<String> urls = List.of(base + "/api/fleet/summary", base + "/api/migrations?state=PRECOPYING&size=50",
                    base + "/api/migrations?planId=" + plan + "&page=3&size=100", base + "/api/migrations/" + anyId);
            var done = new java.util.concurrent.atomic.AtomicBoolean();
            for (int r = 0; r < 4; r++) {
                int reader = r;
                readers.submit(() -> {
                    for (int i = 0; i < 100_000 && !done.get(); i++) {
                        long q0 = System.nanoTime();
                        HttpResponse<String> res = get(http, urls.get((i + reader) % urls.size()));
                        if (res.statusCode() == 200) {
                            readMs.add((System.nanoTime() - q0) / 1_000_000);
                        }
                        sleep(50);
                    }
                    return null;
                });
            }
            long migrated = 0;
            Instant deadline = t0.plus(DEADLINE);
            double loadAtStart = loadAverage();
            double loadMax = loadAtStart;
            while (migrated < vms && Instant.now().isBefore(deadline)) {
                sleep(250);
                loadMax = Math.max(loadMax, loadAverage());
                migrated = Long.parseLong(firstMatch(get(http, base + "/api/fleet/summary").body(), "\"migrated\"\\s*:\\s*(\\d+)"));
            }
            Duration total = Duration.between(t0, Instant.now());
            double loadAtEnd = loadAverage();
            done.set(true);
            readers.shutdown();
            readers.awaitTermination(30, TimeUnit.SECONDS);
            long processed = count(pg.jdbcUrl(), pg.username(), pg.password(), "select count(*) from migration.processed_event")
                    - processedBefore;
            assertEquals(vms, migrated, "all VMs migrated within " + DEADLINE);

            // Layer 1 starts one by one, on the warmed-up service: the "202 within 100 ms" of issue 7 item 4
            List<Long> oneMs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                long q0 = System.nanoTime();
                HttpResponse<String> one = post(http, base + "/api/migrations", "{\"vmId\":\"vm-" + (50_000 + i)
                        + "\",\"vmName\":\"single-" + i + "\",\"mode\":\"COLD\"}");
                oneMs.add((System.nanoTime() - q0) / 1_000_000);
                assertEquals(202, one.statusCode(), one.body());
            }
            startMs.addAll(oneMs);

            String report = report(vms, total, processed, startMs, readMs, simulator.published())
                    + String.format("| machine load average (1 min, %d cores): at the start, highest, at the end | %.1f, %.1f, %.1f |%n",
                    Runtime.getRuntime().availableProcessors(), loadAtStart, loadMax, loadAtEnd);
            System.out.println(report);
            Files.writeString(Path.of(System.getProperty("bench.report")), report);
        } finally {
            api.destroy();
            api.waitFor(20, TimeUnit.SECONDS);
            inventory.stop(0);
        }
    }

    private static String report(int vms, Duration total, long processed, List<Long> startMs, List<Long> readMs,
                                 long simulated) {
        List<Long> reads = new ArrayList<>(readMs);
        Collections.sort(reads);
        double seconds = total.toMillis() / 1000.0;
        return String.format("""
                | measure | value |
                |---|---|
                | VMs in the plan | %d |
                | time until all MIGRATED (from POST start) | %.1f s |
                | POST /api/plans/{id}/start (1,000 migrations queued) | %d ms |
                | POST /api/migrations (one VM, 200 in a row after the run) | p50 %d ms, p99 %d ms, max %d ms |
                | API reads during the run (summary, lists, one migration) | %d requests, p50 %d ms, p99 %d ms, max %d ms |
                | events consumed by migration-api | %d (%.0f events/s) |
                | events published by the simulated phases | %d |
                | migrations per second | %.1f |
                """, vms, seconds, startMs.get(0), pct(sortedTail(startMs), 50), pct(sortedTail(startMs), 99),
                sortedTail(startMs).get(sortedTail(startMs).size() - 1), reads.size(), pct(reads, 50), pct(reads, 99),
                reads.isEmpty() ? 0 : reads.get(reads.size() - 1), processed, processed / seconds, simulated, vms / seconds);
    }

    /** The 1-minute load average of the machine (Linux), or -1 where it cannot be read. */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static List<Long> sortedTail(List<Long> startMs) {
        List<Long> tail = new ArrayList<>(startMs.subList(1, startMs.size()));
        Collections.sort(tail);
        return tail;
    }

    private static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String createPlan(HttpClient http, String base, int vms) throws Exception {
        StringBuilder body = new StringBuilder("{\"name\":\"bench-" + System.currentTimeMillis()
                + "\",\"mode\":\"WARM\",\"cutover\":{\"policy\":\"NOW\"},\"vms\":[");
        for (int i = 0; i < vms; i++) {
            body.append(i == 0 ? "" : ",").append("{\"vmId\":\"vm-").append(10_000 + i)
                    .append("\",\"vmName\":\"bench-").append(i).append("\"}");
        }
        body.append("]}");
        HttpResponse<String> res = post(http, base + "/api/plans", body.toString());
        assertEquals(201, res.statusCode(), res.body());
        return firstMatch(res.body(), "\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    }

    private static HttpServer fakeInventory(int vms) throws IOException {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < vms; i++) {
            json.append(i == 0 ? "" : ",").append("""
                    {"id":"vm-%d","name":"bench-%d","vcpus":1,"memoryMb":32,"guestId":"otherGuest","firmware":"BIOS",
                     "powerState":"POWERED_ON","datacenter":"DC0","cluster":"DC0_C0","host":"DC0_C0_H0","cbtEnabled":true,
                     "snapshots":[],"disks":[{"key":204,"fileName":"[LocalDS_0] bench/disk1.vmdk","datastore":"LocalDS_0",
                     "capacityBytes":10737418240}],"nics":[{"key":4000,"macAddress":"00:50:56:00:%02x:%02x",
                     "portGroup":"dvportgroup-13","networkName":"DC0_DVPG0"}]}""".formatted(10_000 + i, i, i / 256, i % 256));
        }
        byte[] bytes = json.append("]").toString().getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/inventory/vms", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server;
    }

    private static void resetSchema(String url, String user, String password) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.createStatement().execute("drop schema if exists migration cascade");
        }
    }

    private static long count(String url, String user, String password, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void waitReady(HttpClient http, String base) {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (get(http, base + "/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException ignored) {
                // not up yet
            }
            sleep(500);
        }
        throw new IllegalStateException("migration-api did not become ready in 120 s");
    }

    private static HttpResponse<String> get(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(url + ": " + e, e);
        }
    }

    private static HttpResponse<String> post(HttpClient http, String url, String json) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(url + ": " + e, e);
        }
    }

    private static String firstMatch(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in " + text.substring(0, Math.min(500, text.length())));
        }
        return m.group(1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unused")
    private static Map<String, String> none() {
        return Map.of();
    }
}
