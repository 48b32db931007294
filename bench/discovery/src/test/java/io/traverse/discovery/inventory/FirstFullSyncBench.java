package io.traverse.discovery.inventory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vmware.vim25.ws.Argument;
import com.vmware.vim25.ws.ClientCreator;
import io.traverse.discovery.vcenter.VcenterConfig;
import io.traverse.discovery.vcenter.VcenterSession;
import io.traverse.discovery.vcenter.VsphereSoapClient;
import io.traverse.testbed.SharedTestbed;
import io.traverse.testbed.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.rmi.RemoteException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The first full sync of a large inventory, as discovery-service does it, measured piece by piece against a vcsim of
 * its own (VCSIM_ARGS from {@code bench.vcsimArgs}, default 10 clusters x 500 VMs) over real SOAP, and the testbed's
 * PostgreSQL:
 * <ol>
 *   <li>the bulk read ({@link InventoryReader#readAll}: RetrievePropertiesEx over a ContainerView, 1,000-object pages),
 *   what {@code POST /api/inventory/refresh} and the periodic sync do;</li>
 *   <li>the watcher's first {@code WaitForUpdatesEx} ({@link InventoryFeed}), what the service does at startup and
 *   after a lost session;</li>
 *   <li>storing the mirror ({@link InventoryStore#replace}) into an empty schema, then once more unchanged.</li>
 * </ol>
 * SOAP round trips are counted in the transport; heap is the retained size of the result (used heap after a GC, with
 * and without it) and the peak of the heap pools during the step.
 */
class FirstFullSyncBench {

    static final AtomicInteger SOAP_CALLS = new AtomicInteger();

    /** Counts every SOAP request the session makes. */
    public static class CountingSoapClient extends VsphereSoapClient {
        public CountingSoapClient(String serverUrl, boolean ignoreCert) throws MalformedURLException, RemoteException {
            super(serverUrl, ignoreCert);
        }

        public CountingSoapClient(String serverUrl, boolean ignoreCert, javax.net.ssl.TrustManager tm)
                throws MalformedURLException, RemoteException {
            super(serverUrl, ignoreCert, tm);
        }

        @Override
        public Object invoke(String methodName, Argument[] paras, String returnType) throws RemoteException {
            SOAP_CALLS.incrementAndGet();
            return super.invoke(methodName, paras, returnType);
        }
    }

    static Path stateDir;
    static Path script;
    static int port;
    static String vcsimStarted;
    static final List<String> report = new ArrayList<>();

    @BeforeAll
    static void startVcsim() throws Exception {
        stateDir = Files.createTempDirectory("traverse-bench-vcsim");
        script = stateDir.resolve("vcsim.sh");
        try (InputStream in = FirstFullSyncBench.class.getResourceAsStream("/io/traverse/testbed/vcsim/vcsim.sh")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        String out = vcsimSh("start", Map.of("VCSIM_ARGS", System.getProperty("bench.vcsimArgs"),
                "VCSIM_WATCH_PID", Long.toString(ProcessHandle.current().pid())));
        vcsimStarted = "vcsim `" + System.getProperty("bench.vcsimArgs") + "` up in "
                + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms";
        System.out.println(out);
    }

    @AfterAll
    static void stopVcsim() throws IOException {
        if (script != null) {
            vcsimSh("stop", Map.of());
        }
        Path file = Path.of(System.getProperty("bench.report", "target/bench-result.md"));
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", report) + "\n", StandardCharsets.UTF_8);
        System.out.println(String.join("\n", report));
    }

    @Test
    void firstFullSyncOfTheWholeInventory() throws Exception {
        int expected = Integer.getInteger("bench.expectedVms", 5000);
        VcenterSession session = new VcenterSession(config());
        ClientCreator.clientClass = CountingSoapClient.class; // after VcenterSession installed its own
        session.probe(); // log in (not counted below)
        report.add("| step | VMs | wall time | SOAP round trips | retained heap | peak heap |");
        report.add("|---|---|---|---|---|---|");

        Measured<InventorySnapshot> bulk = measure(() -> session.call("read the inventory", InventoryReader::readAll));
        assertEquals(expected, bulk.value().vms().size());
        row("bulk read: RetrievePropertiesEx over a ContainerView", bulk, expected);

        Measured<InventorySnapshot> feed = measure(() -> session.call("first WaitForUpdatesEx", si -> {
            try (InventoryFeed f = InventoryFeed.open(si)) {
                InventoryFeed.Changes all = f.next(1);
                return f.snapshot(all.readAt());
            }
        }));
        assertEquals(expected, feed.value().vms().size());
        row("watcher start: CreateFilter + first WaitForUpdatesEx", feed, expected);

        PostgresServer pg = SharedTestbed.postgres();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(pg.jdbcUrl());
        ds.setUser(pg.username());
        ds.setPassword(pg.password());
        ds.setCurrentSchema("bench_discovery");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("drop schema if exists bench_discovery cascade; create schema bench_discovery");
            for (String migration : List.of("V2__inventory_mirror.sql", "V3__inventory_read_at.sql")) {
                try (InputStream in = InventoryStore.class.getResourceAsStream("/db/migration/" + migration)) {
                    st.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        // outside a container each statement auto-commits (no JTA here): the timing is of the same SQL the service runs
        InventoryStore store = new InventoryStore(ds, new ObjectMapper());
        Measured<Integer> first = measure(() -> store.replace(bulk.value()).size());
        assertEquals(expected, first.value(), "every VM is new");
        row("store the mirror (PostgreSQL, empty schema)", first, expected);
        InventorySnapshot again = new InventorySnapshot(Instant.now(), bulk.value().datacenters(), bulk.value().clusters(),
                bulk.value().hosts(), bulk.value().datastores(), bulk.value().networks(), bulk.value().vms());
        Measured<Integer> unchanged = measure(() -> store.replace(again).size());
        assertEquals(0, unchanged.value(), "nothing changed");
        row("store again, nothing changed (a periodic sync)", unchanged, expected);
        report.add("");
        report.add(vcsimStarted + "; " + Runtime.getRuntime().availableProcessors() + " CPUs, JDK "
                + Runtime.version() + ", -Xmx" + (Runtime.getRuntime().maxMemory() >> 20) + "m.");
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private record Measured<T>(T value, Duration took, int soapCalls, long retainedBytes, long peakBytes) {
    }

    private static <T> Measured<T> measure(Step<T> step) throws Exception {
        long before = usedAfterGc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        int calls = SOAP_CALLS.get();
        long t0 = System.nanoTime();
        T value = step.run();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        int made = SOAP_CALLS.get() - calls;
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long retained = usedAfterGc() - before;
        java.lang.ref.Reference.reachabilityFence(value);
        return new Measured<>(value, took, made, retained, peak);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void row(String step, Measured<?> m, int vms) {
        report.add(String.format("| %s | %,d | %.2f s | %d | %s | %s |", step, vms, m.took().toMillis() / 1000.0,
                m.soapCalls(), mib(m.retainedBytes()), mib(m.peakBytes())));
    }

    private static String mib(long bytes) {
        return String.format("%.0f MiB", bytes / 1048576.0);
    }

    private static VcenterConfig config() {
        return new VcenterConfig() {
            @Override public String url() { return "https://127.0.0.1:" + port + "/sdk"; }
            @Override public String username() { return "user"; }
            @Override public String password() { return "pass"; }
            @Override public boolean insecure() { return true; }
            @Override public Optional<String> thumbprint() { return Optional.empty(); }
            @Override public Optional<String> name() { return Optional.empty(); }
            @Override public Duration connectTimeout() { return Duration.ofSeconds(10); }
            @Override public Duration checkInterval() { return Duration.ofSeconds(5); }
            @Override public Duration readTimeout() { return Duration.ofMinutes(5); }
        };
    }

    private static String vcsimSh(String command, Map<String, String> extra) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true)
                .redirectOutput(stateDir.resolve(command + ".out").toFile());
        pb.environment().putAll(extra);
        pb.environment().put("VCSIM_STATE_DIR", stateDir.toString());
        pb.environment().put("VCSIM_LISTEN", "127.0.0.1:" + port);
        try {
            Process p = pb.start();
            if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("vcsim.sh " + command + " failed: " + Files.readString(stateDir.resolve(command + ".out")));
            }
            return Files.readString(stateDir.resolve(command + ".out"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
