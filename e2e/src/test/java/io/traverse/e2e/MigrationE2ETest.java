package io.traverse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.traverse.events.DiskSynced;
import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;
import io.traverse.events.InstanceActive;
import io.traverse.events.PortMapping;
import io.traverse.events.SourceNic;
import io.traverse.events.SyncedDisk;
import io.traverse.events.VmConverted;
import io.traverse.events.VmMapped;
import io.traverse.events.VmSized;
import io.traverse.testbed.EventTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One VM cold and one warm (two pre-copy rounds, a guest write between them, then a manual cutover) through the
 * real local stack, driven only through migration-api's API as a user would, then checked where it matters: the
 * source is powered off, Nova has an ACTIVE instance with the flavor flavor-service matched, its volume holds exactly
 * the source disk's bytes, its port carries the source MAC, the timeline is complete and every event is on its Kafka
 * topic in pipeline order. Plus the cheapest failure path: an unmapped network is stopped at preflight.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationE2ETest {

    static final String COLD_VM = System.getProperty("e2e.cold-vm", "DC0_C1_RP0_VM13");
    static final String WARM_VM = System.getProperty("e2e.warm-vm", "DC0_C1_RP0_VM14");
    static final Duration MIGRATION_TIMEOUT = Duration.parse(System.getProperty("e2e.timeout", "PT15M"));
    static final List<String> PIPELINE = List.of("migration.requested", "vm.discovered", "vm.sized", "vm.mapped",
            "disk.synced", "vm.converted", "instance.active");

    static Stack stack;
    static Target target;
    static String mappingId;
    static final List<Cleanup> cleanups = new ArrayList<>();

    record Cleanup(String migrationId, String vm, List<String> servers, List<String> ports, List<String> volumes) {
    }

    @BeforeAll
    static void stack() throws Exception {
        stack = Stack.get();
        target = new Target(stack.openstackEnv);
        JsonNode mapping = Json.post(Stack.API + "/api/mappings", Map.of(
                "name", "e2e " + UUID.randomUUID(),
                "clusters", List.of(Map.of("sources", List.of("DC0_C0", "DC0_C1"), "target", "nova")),
                "datastores", List.of(Map.of("sources", List.of("LocalDS_0"), "target", "__DEFAULT__")),
                "networks", List.of(Map.of("sources", List.of("DC0_DVPG0"), "target", "frontier-net")))).ok();
        mappingId = mapping.path("id").asText();
    }

    @Test
    @Order(1)
    void unmappedNetworkIsStoppedAtPreflight() {
        JsonNode noNets = Json.post(Stack.API + "/api/mappings", Map.of(
                "name", "e2e no networks " + UUID.randomUUID(),
                "clusters", List.of(Map.of("sources", List.of("DC0_C0", "DC0_C1"), "target", "nova")),
                "datastores", List.of(Map.of("sources", List.of("LocalDS_0"), "target", "__DEFAULT__")),
                "networks", List.of())).ok();
        String plan = createPlan("e2e unmapped " + UUID.randomUUID(), noNets.path("id").asText(), "COLD",
                "DC0_C0_RP0_VM7", Map.of());
        Json.Response r = Json.post(Stack.API + "/api/plans/" + plan + "/start", Map.of());
        assertEquals(409, r.status(), r.text());
        assertEquals("urn:traverse:problem:preflight-failed", r.body().path("type").asText(), r.text());
        boolean named = false;
        for (JsonNode f : r.body().path("preflight").path("findings")) {
            named |= "mapping".equals(f.path("rule").asText()) && "CRITICAL".equals(f.path("severity").asText())
                    && f.path("message").asText().contains("DC0_DVPG0");
        }
        assertTrue(named, "a critical mapping finding naming DC0_DVPG0: " + r.text());
        assertEquals(0, Json.get(Stack.API + "/api/migrations?planId=" + plan).ok().path("total").asInt(),
                "nothing was queued");
    }

    @Test
    @Order(2)
    void coldMigration() throws Exception {
        SourceDisk disk = SourceDisk.of(stack, COLD_VM);
        powerOn(COLD_VM);
        String expected = disk.sha256();
        String plan = createPlan("e2e cold " + UUID.randomUUID(), mappingId, "COLD", COLD_VM, Map.of());
        String id = startOne(plan);
        JsonNode m = await(id, n -> n.path("state").asText().equals("MIGRATED"), MIGRATION_TIMEOUT);
        verifyMigrated(id, m, COLD_VM, expected, false);
    }

    @Test
    @Order(3)
    void warmMigrationTwoPrecopyRoundsThenCutover() throws Exception {
        SourceDisk disk = SourceDisk.of(stack, WARM_VM);
        powerOn(WARM_VM);
        String plan = createPlan("e2e warm " + UUID.randomUUID(), mappingId, "WARM", WARM_VM,
                Map.of("precopyInterval", "PT20S", "cutover", Map.of("policy", "MANUAL")));
        String id = startOne(plan);
        await(id, n -> n.path("sync").path("round").asInt() >= 1 && !n.path("sync").path("inFlight").asBoolean()
                && n.path("state").asText().equals("PRECOPYING"), MIGRATION_TIMEOUT);
        // the guest writes between the rounds: into a hole and over existing data
        disk.write(2L << 30, 1 << 20, 42);
        disk.write(4L << 20, 256 << 10, 43);
        Stack.log("guest wrote 1.25 MiB between round 1 and round 2");
        await(id, n -> n.path("sync").path("round").asInt() >= 2 && !n.path("sync").path("inFlight").asBoolean(),
                MIGRATION_TIMEOUT);
        disk.write(3L << 30, 64 << 10, 44);
        Stack.log("guest wrote 64 KiB after round 2; cutting over");
        String expected = disk.sha256();
        Json.post(Stack.API + "/api/migrations/" + id + "/cutover", Map.of()).ok();
        JsonNode m = await(id, n -> n.path("state").asText().equals("MIGRATED"), MIGRATION_TIMEOUT);
        verifyMigrated(id, m, WARM_VM, expected, true);
    }

    // ------------------------------------------------------------------------------------------------ checks

    void verifyMigrated(String id, JsonNode migration, String vm, String expectedSha, boolean warm) throws Exception {
        UUID mid = UUID.fromString(id);
        Map<EventType, List<EventEnvelope>> events = new java.util.EnumMap<>(EventType.class);
        try (EventTestClient kafka = new EventTestClient(stack.kafka())) {
            for (String type : PIPELINE) {
                EventType t = EventType.fromType(type);
                int count = t == EventType.DISK_SYNCED ? (warm ? 3 : 1) : 1;
                events.put(t, kafka.await(t.topic(), e -> mid.equals(e.migrationId()), count, Duration.ofSeconds(30)));
                assertEquals(count, events.get(t).size(), type + " events of " + id + " on " + t.topic());
            }
        }
        // events in pipeline order (each topic keeps one migration's order; across topics the event times must)
        Instant last = Instant.MIN;
        for (String type : PIPELINE) {
            for (EventEnvelope e : events.get(EventType.fromType(type))) {
                assertFalse(e.time().isBefore(last), type + " at " + e.time() + " before the previous event at " + last);
                last = e.time();
            }
        }
        VmSized sized = (VmSized) events.get(EventType.VM_SIZED).get(0).data();
        VmMapped mapped = (VmMapped) events.get(EventType.VM_MAPPED).get(0).data();
        List<DiskSynced> rounds = events.get(EventType.DISK_SYNCED).stream().map(e -> (DiskSynced) e.data()).toList();
        VmConverted converted = (VmConverted) events.get(EventType.VM_CONVERTED).get(0).data();
        InstanceActive active = (InstanceActive) events.get(EventType.INSTANCE_ACTIVE).get(0).data();

        // rounds: warm = 1, 2 pre-copy and a cutover round; cold = one cutover round
        DiskSynced fin = rounds.get(rounds.size() - 1);
        assertTrue(fin.cutover(), "the last round is the cutover");
        if (warm) {
            assertFalse(rounds.get(0).cutover());
            assertFalse(rounds.get(1).cutover());
            assertEquals(List.of(1, 2, 3), rounds.stream().map(DiskSynced::round).toList());
            long full = rounds.get(0).disks().get(0).bytesCopied();
            long delta = rounds.get(1).disks().get(0).bytesCopied();
            assertTrue(delta > 0 && delta < full, "round 2 copies only the delta: " + delta + " of " + full);
        }

        // source powered off
        String info = stack.govc("vm.info", vm);
        assertTrue(info.contains("Power: poweredOff"), vm + " is powered off: " + info);

        // ACTIVE instance with the matched flavor
        JsonNode server = target.server(active.instanceId());
        remember(id, vm, active, mapped, converted);
        assertEquals("ACTIVE", server.path("status").asText(), server.toString());
        assertEquals(sized.flavor().name(), server.path("flavor").path("original_name").asText(), "flavor");
        assertEquals(sized.flavor().name(), migration.path("target").path("flavor").asText(), "flavor in the API");

        // the volume holds exactly the source disk's bytes
        assertFalse(converted.volumeIds().isEmpty());
        String volumeId = converted.volumeIds().get(0);
        SyncedDisk synced = fin.disks().get(0);
        assertEquals(volumeId, synced.volumeId());
        assertEquals("__DEFAULT__", target.volume(volumeId).path("volume_type").asText(), "volume type from the mapping");
        String actual = SourceDisk.sha256(java.nio.file.Path.of("/srv/cinder-nfs/volume-" + volumeId),
                mapped.vm().disks().get(0).capacityBytes());
        assertEquals(expectedSha, actual, "SHA-256 of volume " + volumeId + " against the source disk");

        // MAC preserved on the instance's port
        SourceNic nic = mapped.vm().nics().get(0);
        assertEquals(1, mapped.ports().size());
        PortMapping pm = mapped.ports().get(0);
        assertTrue(pm.macPreserved());
        JsonNode port = target.port(pm.portId());
        assertEquals(nic.macAddress(), port.path("mac_address").asText(), "MAC of the target port");
        assertEquals(active.instanceId(), port.path("device_id").asText(), "the port is the instance's");

        // the timeline: every pipeline event, in order, and every state on the way
        JsonNode timeline = Json.get(Stack.API + "/api/migrations/" + id + "/timeline").ok();
        List<String> types = new ArrayList<>();
        Set<String> states = new LinkedHashSet<>();
        for (JsonNode t : timeline) {
            types.add(t.path("type").asText());
            states.add(t.path("toState").asText());
        }
        int at = -1;
        for (String type : PIPELINE) {
            int i = types.subList(at + 1, types.size()).indexOf(type);
            assertTrue(i >= 0, type + " after position " + at + " in the timeline " + types);
            at += i + 1;
        }
        List<String> expectedStates = new ArrayList<>(List.of("DISCOVERING", "SIZING", "MAPPING"));
        if (warm) {
            expectedStates.add("PRECOPYING");
        }
        expectedStates.addAll(List.of("CUTTING_OVER", "CONVERTING", "LAUNCHING", "MIGRATED"));
        assertEquals(expectedStates, states.stream().filter(expectedStates::contains).toList(), "states " + states);
        assertEquals("MIGRATED", timeline.get(timeline.size() - 1).path("toState").asText());
        Stack.log(id + " " + vm + " MIGRATED and verified: instance " + active.instanceId() + " (" + active.flavorName()
                + "), volume " + volumeId + " sha256 " + actual.substring(0, 16) + "…, MAC " + nic.macAddress());
    }

    // ------------------------------------------------------------------------------------------------ API

    static String vmId(String name) {
        JsonNode r = Json.get(Stack.DISCOVERY + "/api/inventory/vms?name=" + name).ok();
        JsonNode items = r.isArray() ? r : r.path("items");
        for (JsonNode vm : items) {
            if (name.equals(vm.path("name").asText())) {
                return vm.path("id").asText();
            }
        }
        throw new AssertionError(name + " not in discovery-service's inventory: " + r);
    }

    static String createPlan(String name, String mapping, String mode, String vm, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "mappingId", mapping, "mode", mode,
                "vms", List.of(Map.of("vmId", vmId(vm), "vmName", vm))));
        body.putAll(extra);
        return Json.post(Stack.API + "/api/plans", body).ok().path("id").asText();
    }

    static String startOne(String plan) throws InterruptedException {
        Json.Response r = Json.post(Stack.API + "/api/plans/" + plan + "/start", Map.of());
        JsonNode body = r.ok();
        assertEquals(202, r.status(), r.text());
        String id = body.path("migrations").get(0).path("id").asText();
        Stack.log("plan " + plan + " started: migration " + id);
        if (NetworkMapperStandIn.enabled()) {
            JsonNode m = await(id, n -> !Set.of("QUEUED", "DISCOVERING", "SIZING").contains(n.path("state").asText()),
                    MIGRATION_TIMEOUT);
            if (m.path("state").asText().equals("MAPPING")) {
                List<String> ports = NetworkMapperStandIn.map(stack, target, id, "frontier-net", "__DEFAULT__");
                cleanups.add(new Cleanup(id, m.path("vmName").asText(), List.of(), ports, List.of()));
            }
        }
        return id;
    }

    /** Polls the migration until {@code done}; fails at once on FAILED/CANCELLED, with the timeline. */
    static JsonNode await(String id, Predicate<JsonNode> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen = "";
        JsonNode m = null;
        while (System.nanoTime() < deadline) {
            m = Json.get(Stack.API + "/api/migrations/" + id).ok();
            String now = m.path("state").asText() + " round " + m.path("sync").path("round").asInt()
                    + (m.path("sync").path("inFlight").asBoolean() ? " (in flight)" : "") + " — " + m.path("phaseDetail").asText();
            if (!now.equals(seen)) {
                Stack.log(id.substring(0, 8) + " " + now);
                seen = now;
            }
            if (done.test(m)) {
                return m;
            }
            String state = m.path("state").asText();
            if (Set.of("FAILED", "CANCELLED", "ROLLED_BACK").contains(state)) {
                fail(id + " ended " + state + ": " + m.path("failure") + "\ntimeline:\n" + timelineText(id));
            }
            Thread.sleep(2000);
        }
        fail(id + " did not get there in " + timeout + "; last: " + seen + "\ntimeline:\n" + timelineText(id));
        return m;
    }

    static String timelineText(String id) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode t : Json.get(Stack.API + "/api/migrations/" + id + "/timeline").ok()) {
            sb.append("  ").append(t.path("occurredAt").asText()).append(' ').append(t.path("type").asText()).append(" (")
                    .append(t.path("source").asText()).append(") ").append(t.path("fromState").asText()).append(" → ")
                    .append(t.path("toState").asText()).append(": ").append(t.path("detail").asText()).append('\n');
        }
        return sb.toString();
    }

    static void powerOn(String vm) throws Exception {
        if (!stack.govc("vm.info", vm).contains("Power: poweredOn")) {
            stack.govc("vm.power", "-on", vm);
        }
    }

    static void remember(String id, String vm, InstanceActive active, VmMapped mapped, VmConverted converted) {
        cleanups.add(new Cleanup(id, vm, List.of(active.instanceId()),
                mapped.ports().stream().map(PortMapping::portId).toList(), converted.volumeIds()));
    }

    /** Leaves the target as it was (unless -De2e.keep=true): what these migrations created is deleted. */
    @AfterAll
    static void cleanUp() throws Exception {
        if (Boolean.getBoolean("e2e.keep") || target == null) {
            return;
        }
        for (Cleanup c : cleanups) {
            for (String s : c.servers()) {
                target.delete("compute", "/servers/" + s);
            }
        }
        for (Cleanup c : cleanups) {
            for (String s : c.servers()) {
                for (int i = 0; i < 60; i++) {
                    try {
                        target.server(s);
                    } catch (AssertionError gone) {
                        break;
                    }
                    Thread.sleep(1000);
                }
            }
            c.ports().forEach(p -> target.delete("network", "/v2.0/ports/" + p));
            c.volumes().forEach(v -> target.delete(target.volumeService(), "/volumes/" + v));
            powerOn(c.vm());
        }
    }
}
