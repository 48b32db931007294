package io.traverse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.traverse.events.DiskSynced;
import io.traverse.events.EventType;
import io.traverse.testbed.BrowserScript;
import io.traverse.testbed.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The whole product as a new user meets it, on the real local stack ({@code ./traverse up}: PostgreSQL, Kafka, vcsim
 * with real disks behind its 30 VMs, the OpenStack testbed, every service), driven like a user drives it — the API
 * with plain HTTP, the dashboard in a real browser — and checked where it matters (vCenter, Nova/Cinder/Neutron, the
 * volumes' bytes, Kafka):
 * <ol>
 *   <li>a plan with an unmapped network is stopped at preflight, and nothing is queued;</li>
 *   <li>a fleet: five VMs cold and five warm (two pre-copy rounds with guest writes between, then the cutover) all
 *       end MIGRATED — while one cold VM's disk Job is killed mid-copy (it is started again and resumes from its
 *       checkpoint) and another cold VM of the same wave fails for good (its disk vanished) without stopping the
 *       others, and is then skipped;</li>
 *   <li>the dashboard: one VM selected, migrated and watched step by step to Migrated ✓, then Reset with its
 *       confirmation;</li>
 *   <li>after the Reset nothing Traverse created is left on the target, the source VMs run again, and the protected
 *       workloads ({@code ffp-vdi-*}) were never touched.</li>
 * </ol>
 * Smaller runs: {@code -De2e.cold-vms=A,B -De2e.warm-vms=C} (docs/e2e.md).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetE2ETest {

    static final List<String> COLD = vms("e2e.cold-vms", "DC0_C0_RP0_VM5,DC0_C0_RP0_VM6,DC0_C1_RP0_VM5,DC0_C1_RP0_VM6,DC0_C0_RP0_VM7");
    static final List<String> WARM = vms("e2e.warm-vms", "DC0_C0_RP0_VM8,DC0_C0_RP0_VM9,DC0_C1_RP0_VM8,DC0_C1_RP0_VM9,DC0_C0_RP0_VM10");
    /** Its disk Job is killed in the middle of the copy. */
    static final String KILLED = System.getProperty("e2e.killed-vm", COLD.get(Math.min(2, COLD.size() - 1)));
    /** Its disk is gone from the datastore: it fails, the rest of its wave goes on. */
    static final String FAILING = System.getProperty("e2e.failing-vm", "DC0_C1_RP0_VM7");
    static final String BROWSER_VM = System.getProperty("e2e.browser-vm", "DC0_C0_RP0_VM0");
    static final String PREFLIGHT_VM = "DC0_C0_RP0_VM11";
    static final Duration TIMEOUT = Duration.parse(System.getProperty("e2e.timeout", "PT25M"));
    /** The killed VM's disk gets this much more data, so its copy lasts long enough to be killed half way. */
    static final long KILLED_EXTRA = 1L << 30;
    /** The kill must come before the copy is nine tenths done, so that the restarted Job has something left to do. */
    static final long KILL_BEFORE = ((64L << 20) + KILLED_EXTRA) * 9 / 10;

    static Stack stack;
    static Target target;
    static String mappingName;
    static String mappingId;
    static Map<String, String> protectedBefore;
    /** Every migration this class started, by VM, and what each left on the target. */
    static final Map<String, String> started = new ConcurrentHashMap<>();
    static final Map<String, MigratedVm> migrated = new ConcurrentHashMap<>();
    static boolean disksChanged;

    static List<String> vms(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @BeforeAll
    static void stack() throws Exception {
        stack = Stack.get();
        target = new Target(stack.openstackEnv);
        // start from the environment's initial state, as the dashboard's Reset leaves it: nothing migrated, every VM on
        Json.post(Stack.API + "/api/admin/reset", Map.of()).ok();
        awaitNoActiveMigrations();
        mappingName = "e2e " + UUID.randomUUID().toString().substring(0, 8);
        mappingId = Api.createMapping(mappingName, List.of("DC0_DVPG0"));
        protectedBefore = protectedWorkloads();
        assertFalse(protectedBefore.isEmpty(), "the testbed has its protected ffp-vdi-* workloads");
    }

    @Test
    @Order(1)
    void anUnmappedNetworkIsStoppedAtPreflightAndNothingIsQueued() {
        String noNetworks = Api.createMapping("e2e no networks " + UUID.randomUUID(), List.of());
        String plan = Api.createPlan("e2e unmapped " + UUID.randomUUID(), noNetworks, "COLD", List.of(PREFLIGHT_VM), Map.of());
        Json.Response r = Json.post(Stack.API + "/api/plans/" + plan + "/start", Map.of());
        assertEquals(409, r.status(), r.text());
        assertEquals("urn:traverse:problem:preflight-failed", r.body().path("type").asText(), r.text());
        boolean named = false;
        for (JsonNode f : r.body().path("preflight").path("findings")) {
            named |= "mapping".equals(f.path("rule").asText()) && "CRITICAL".equals(f.path("severity").asText())
                    && f.path("message").asText().contains("DC0_DVPG0");
        }
        assertTrue(named, "a critical mapping finding naming DC0_DVPG0: " + r.text());
        assertEquals(0, Json.get(Stack.API + "/api/migrations?planId=" + plan).ok().path("total").asInt(), "nothing was queued");
    }

    @Test
    @Order(2)
    void aFleetOfColdAndWarmVmsMigratesThroughAKilledJobAndAFailingVm() throws Exception {
        long t0 = System.nanoTime();
        List<String> cold = new ArrayList<>(COLD);
        SourceDisk killedDisk = SourceDisk.of(stack, KILLED);
        SourceDisk failingDisk = SourceDisk.of(stack, FAILING);
        disksChanged = true;
        long seed = System.nanoTime();
        for (long off = 0; off < KILLED_EXTRA; off += 64 << 20) {
            killedDisk.write((2L << 30) + off, 64 << 20, seed + off);
        }
        Files.delete(failingDisk.flat());
        cold.add(FAILING);
        for (String vm : concat(cold, WARM)) {
            powerOn(vm);
        }

        String coldPlan = Api.createPlan("e2e cold fleet " + mappingName, mappingId, "COLD", cold, Map.of("maxAttempts", 2));
        String warmPlan = Api.createPlan("e2e warm fleet " + mappingName, mappingId, "WARM", WARM,
                Map.of("precopyInterval", "PT30S", "cutover", Map.of("policy", "MANUAL")));
        Map<String, String> ids = new TreeMap<>(Api.start(coldPlan));
        ids.putAll(Api.start(warmPlan));
        started.putAll(ids);

        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            List<Future<?>> work = new ArrayList<>();
            long[] killedAt = new long[1];
            work.add(pool.submit(() -> { killedAt[0] = killDiskJobMidCopy(ids.get(KILLED)); return null; }));
            for (String vm : WARM) {
                work.add(pool.submit(() -> { twoPrecopyRoundsWithGuestWritesThenCutover(vm, ids.get(vm)); return null; }));
            }
            for (String vm : COLD) {
                work.add(pool.submit(() -> Api.await(ids.get(vm), Api.inState("MIGRATED"), TIMEOUT)));
            }
            work.add(pool.submit(() -> Api.await(ids.get(FAILING), Api.inState("FAILED"), TIMEOUT)));
            for (Future<?> f : work) {
                f.get(TIMEOUT.toSeconds() + 60, TimeUnit.SECONDS);
            }
            Stack.log("fleet done in " + (System.nanoTime() - t0) / 1_000_000_000 + " s (job killed at byte " + killedAt[0] + ")");
        } finally {
            pool.shutdownNow();
        }

        TopicLog kafka = TopicLog.read(stack.kafka(), MigratedVm.PIPELINE);
        for (String vm : COLD) {
            migrated.put(vm, MigratedVm.verify(stack, target, kafka, ids.get(vm), vm, 0));
        }
        for (String vm : WARM) {
            MigratedVm m = MigratedVm.verify(stack, target, kafka, ids.get(vm), vm, 2);
            migrated.put(vm, m);
            long full = m.rounds().get(0).disks().get(0).bytesCopied();
            long delta = m.rounds().get(1).disks().get(0).bytesCopied();
            assertTrue(delta > 0 && delta < full / 8, vm + ": round 2 copies only what the guest wrote: " + delta + " of " + full);
        }

        // the killed Job was started again and resumed: its round copied less than the disk's data, nothing failed
        MigratedVm killed = migrated.get(KILLED);
        DiskSynced only = killed.rounds().get(0);
        long allocated = (64L << 20) + KILLED_EXTRA;
        long copied = only.disks().get(0).bytesCopied();
        assertTrue(copied < allocated, KILLED + ": the restarted Job resumed (copied " + copied + " of " + allocated + " bytes)");
        Path jobLog = stack.state.resolve("logs/jobs/disk-transfer-" + ids.get(KILLED) + "-r1.log");
        assertTrue(Files.readString(jobLog).contains("--- attempt 2"), "the Job was started again: " + jobLog);
        for (JsonNode t : Api.timeline(ids.get(KILLED))) {
            assertFalse(t.path("type").asText().equals("migration.failed"), KILLED + " never failed: " + t);
        }

        // the failing VM failed for good at once: a vanished disk is not worth a retry (its plan allowed 2 attempts),
        // and the reason names it; the rest of its wave went on (above); skip it
        String failingId = ids.get(FAILING);
        JsonNode failed = Api.migration(failingId);
        String reason = failed.path("failure").asText();
        assertTrue(reason.startsWith("DISK_SYNC") && reason.contains("not found (HTTP 404)"),
                "the failure names the phase and the missing disk: " + failed);
        long failures = 0;
        for (JsonNode t : Api.timeline(failingId)) {
            failures += t.path("type").asText().equals("migration.failed") ? 1 : 0;
        }
        assertEquals(1, failures, "a missing disk fails once, without automatic retries:\n" + Api.timelineText(failingId));
        Api.command(failingId, "skip");
        Api.await(failingId, Api.inState("ROLLED_BACK"), Duration.ofMinutes(5));
        awaitPower(FAILING, "poweredOn", Duration.ofMinutes(3));
        Stack.log("fleet verified in " + (System.nanoTime() - t0) / 1_000_000_000 + " s");
    }

    @Test
    @Order(3)
    void anOperatorMigratesAVmFromTheDashboardWatchesItToMigratedAndResets() throws Exception {
        Path chromium = Chromium.ensureInstalled()
                .orElseThrow(() -> new AssertionError("chromium is missing and apt-get could not install it: " + Chromium.lastFailure()));
        powerOn(BROWSER_VM);
        Path shots = Path.of("target", "screenshots").toAbsolutePath();
        String out = BrowserScript.run(stack.root.resolve("dashboard-ui/src/main/webui"), "e2e/real-stack.mjs", chromium,
                Map.of("BASE_URL", "http://127.0.0.1:8080/", "VM", BROWSER_VM, "MAPPING", mappingName,
                        "SCREENSHOT_DIR", shots.toString()), TIMEOUT.plusMinutes(5));
        // the Reset archived it out of the lists: the scene printed its id while it was there
        var id = java.util.regex.Pattern.compile("migration id ([0-9a-f-]{36})").matcher(out);
        assertTrue(id.find(), "the scene names the migration it started");
        started.put(BROWSER_VM, id.group(1));
    }

    @Test
    @Order(4)
    void afterTheResetNothingTraverseCreatedIsLeftAndTheProtectedWorkloadsAreUntouched() throws Exception {
        if (started.values().stream().anyMatch(id -> !Api.migration(id).path("state").asText().equals("ROLLED_BACK"))) {
            Stack.log("the dashboard did not reset everything; Reset through the API");
            Json.post(Stack.API + "/api/admin/reset", Map.of()).ok();
        }
        for (Map.Entry<String, String> e : started.entrySet()) {
            Api.await(e.getValue(), m -> m.path("state").asText().equals("ROLLED_BACK"), Duration.ofMinutes(5));
        }
        for (MigratedVm m : migrated.values()) {
            awaitGone("compute", "/servers/" + m.active().instanceId(), m.vm() + "'s instance");
            for (String v : m.converted().volumeIds()) {
                awaitGone(target.volumeService(), "/volumes/" + v, m.vm() + "'s volume");
            }
            for (var p : m.mapped().ports()) {
                awaitGone("network", "/v2.0/ports/" + p.portId(), m.vm() + "'s port");
            }
        }
        for (String vm : started.keySet()) {
            awaitPower(vm, "poweredOn", Duration.ofMinutes(3));
        }
        assertEquals(protectedBefore, protectedWorkloads(), "the protected ffp-vdi-* workloads are exactly as before");
    }

    @AfterAll
    static void putTheTestDisksBackAndStopTheStack() throws Exception {
        try {
            if (disksChanged) {
                Stack.run(stack.root, Duration.ofMinutes(10), "./traverse", "seed-disks");
            }
        } finally {
            stack.stopIfStartedHere();
        }
    }

    // ------------------------------------------------------------------------------------------------ steps

    /** Waits until the round copies, kills its Job's process (SIGKILL, as an OOM kill or a lost node) and returns the byte count. */
    static long killDiskJobMidCopy(String id) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode sync = Api.migration(id).path("sync");
            long done = sync.path("bytesTransferred").asLong();
            // only once the copy has recorded a checkpoint on the volume (every 5 s): before that a restart has
            // nothing to resume from and rightly copies everything again
            long checkpoint = done > 0 && done < KILL_BEFORE ? checkpointOffset(id) : 0;
            if (sync.path("inFlight").asBoolean() && checkpoint > 0 && done < KILL_BEFORE) {
                List<ProcessHandle> jobs = ProcessHandle.allProcesses()
                        .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(id) && Arrays.asList(a).contains("sync"))
                                .orElse(false)).toList();
                assertFalse(jobs.isEmpty(), "the disk Job of " + id + " runs as a local process");
                jobs.forEach(ProcessHandle::destroyForcibly);
                Stack.log("killed the disk Job of " + KILLED + " (pid " + jobs.get(0).pid() + ") at " + done
                        + " bytes, checkpoint at " + checkpoint);
                return done;
            }
            if (done >= KILL_BEFORE || Api.ENDED_BADLY.contains(Api.migration(id).path("state").asText())) {
                fail(KILLED + "'s copy got past nine tenths before it could be killed: " + sync);
            }
            Thread.sleep(200);
        }
        throw new AssertionError(KILLED + "'s copy never started");
    }

    /**
     * The done offset of the copy's checkpoint in its volume's metadata ({@code round|…|offset}), 0 when none. Polled
     * every 200 ms: Cinder filters by the migration id, so one volume comes back, not the whole target.
     */
    static long checkpointOffset(String migrationId) {
        String filter = java.net.URLEncoder.encode("{\"traverse-migration-id\":\"" + migrationId + "\"}",
                java.nio.charset.StandardCharsets.UTF_8);
        for (JsonNode v : target.get(target.volumeService(), "/volumes/detail?metadata=" + filter).path("volumes")) {
            JsonNode meta = v.path("metadata");
            if (migrationId.equals(meta.path("traverse-migration-id").asText()) && meta.has("traverse-checkpoint")) {
                String cp = meta.path("traverse-checkpoint").asText();
                return Long.parseLong(cp.substring(cp.lastIndexOf('|') + 1));
            }
        }
        return 0;
    }

    static void twoPrecopyRoundsWithGuestWritesThenCutover(String vm, String id) throws Exception {
        SourceDisk disk = SourceDisk.of(stack, vm);
        // new content every run: vcsim's CBT finds changes by content, and a rerun on the same stack would otherwise
        // write back exactly what the last run wrote
        long seed = System.nanoTime();
        Api.await(id, m -> roundDone(m, 1), TIMEOUT);
        disk.write(2L << 30, 1 << 20, seed);          // the guest writes into a hole
        disk.write(4L << 20, 256 << 10, seed + 1);    // and over its data
        Api.await(id, m -> roundDone(m, 2), TIMEOUT);
        disk.write(3L << 30, 64 << 10, seed + 2);
        Api.command(id, "cutover");
        Stack.log(vm + ": guest wrote between the rounds; cutover requested after round 2");
        Api.await(id, Api.inState("MIGRATED"), TIMEOUT);
    }

    static boolean roundDone(JsonNode m, int round) {
        return m.path("state").asText().equals("PRECOPYING") && m.path("sync").path("round").asInt() >= round
                && !m.path("sync").path("inFlight").asBoolean();
    }

    static void awaitNoActiveMigrations() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode page = Json.get(Stack.API + "/api/migrations?size=1&state=QUEUED,DISCOVERING,SIZING,MAPPING,PRECOPYING,"
                    + "CUTTING_OVER,CONVERTING,LAUNCHING,WAITING_CAPACITY").ok();
            if (page.path("total").asInt() == 0) {
                return;
            }
            Thread.sleep(2000);
        }
        fail("migrations still active 5 min after a Reset");
    }

    static void powerOn(String vm) throws Exception {
        if (!stack.govc("vm.info", vm).contains("Power: poweredOn")) {
            stack.govc("vm.power", "-on", vm);
        }
    }

    static void awaitPower(String vm, String state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String info = "";
        while (System.nanoTime() < deadline) {
            info = stack.govc("vm.info", vm);
            if (info.contains("Power: " + state)) {
                return;
            }
            Thread.sleep(2000);
        }
        fail(vm + " is not " + state + " after " + timeout + ": " + info);
    }

    static void awaitGone(String service, String path, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (target.status(service, path) == 404) {
                return;
            }
            Thread.sleep(2000);
        }
        fail(what + " (" + path + ") is still on the target after the Reset");
    }

    /** Every protected server and volume: id → status, update time and metadata, to compare before and after. */
    static Map<String, String> protectedWorkloads() {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode s : target.get("compute", "/servers/detail?all_tenants=false").path("servers")) {
            if (s.path("name").asText().startsWith("ffp-vdi-")) {
                out.put("server " + s.path("name").asText() + " " + s.path("id").asText(),
                        s.path("status").asText() + " " + s.path("updated").asText() + " " + s.path("metadata"));
            }
        }
        for (JsonNode v : target.get(target.volumeService(), "/volumes/detail").path("volumes")) {
            if (v.path("name").asText().startsWith("ffp-")) {
                out.put("volume " + v.path("name").asText() + " " + v.path("id").asText(),
                        v.path("status").asText() + " " + v.path("updated_at").asText() + " " + v.path("metadata"));
            }
        }
        return out;
    }

    static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
