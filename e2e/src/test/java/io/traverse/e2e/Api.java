package io.traverse.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** migration-api and discovery-service as a user drives them with curl: plans, starts, commands, polling. */
final class Api {

    static final Set<String> ENDED_BADLY = Set.of("FAILED", "CANCELLED", "ROLLED_BACK");

    private Api() {
    }

    static String vmId(String name) {
        JsonNode r = Json.get(Stack.DISCOVERY + "/api/inventory/vms?name=" + name).ok();
        for (JsonNode vm : r.path("items")) {
            if (name.equals(vm.path("name").asText())) {
                return vm.path("id").asText();
            }
        }
        throw new AssertionError(name + " not in discovery-service's inventory: " + r);
    }

    static String createMapping(String name, List<String> networks) {
        List<Map<String, Object>> nets = new ArrayList<>();
        for (String n : networks) {
            nets.add(Map.of("sources", List.of(n), "target", "frontier-net"));
        }
        return Json.post(Stack.API + "/api/mappings", Map.of(
                "name", name,
                "clusters", List.of(Map.of("sources", List.of("DC0_C0", "DC0_C1"), "target", "nova")),
                "datastores", List.of(Map.of("sources", List.of("LocalDS_0"), "target", "__DEFAULT__")),
                "networks", nets)).ok().path("id").asText();
    }

    /** A plan of the named VMs; {@code extra} adds plan fields (precopyInterval, cutover, maxAttempts…). */
    static String createPlan(String name, String mapping, String mode, List<String> vms, Map<String, Object> extra) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String vm : vms) {
            list.add(Map.of("vmId", vmId(vm), "vmName", vm));
        }
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "mappingId", mapping, "mode", mode, "vms", list));
        body.putAll(extra);
        return Json.post(Stack.API + "/api/plans", body).ok().path("id").asText();
    }

    /** Starts a plan (202 at once) and returns migration id by VM name. */
    static Map<String, String> start(String plan) {
        long t0 = System.nanoTime();
        Json.Response r = Json.post(Stack.API + "/api/plans/" + plan + "/start", Map.of());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(202, r.status(), r.text());
        Map<String, String> ids = new HashMap<>();
        for (JsonNode m : r.body().path("migrations")) {
            ids.put(m.path("vmName").asText(), m.path("id").asText());
        }
        Stack.log("plan " + plan + " started in " + ms + " ms: " + ids);
        return ids;
    }

    static JsonNode migration(String id) {
        return Json.get(Stack.API + "/api/migrations/" + id).ok();
    }

    static JsonNode command(String id, String command) {
        Json.Response r = Json.post(Stack.API + "/api/migrations/" + id + "/" + command, Map.of());
        if (r.status() / 100 != 2) {
            throw new AssertionError(command + " of " + id + ": HTTP " + r.status() + " " + r.text());
        }
        return r.body();
    }

    /** Polls until {@code done}; fails at once when the migration ends badly (unless that is what is awaited). */
    static JsonNode await(String id, Predicate<JsonNode> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen = "";
        JsonNode m = null;
        while (System.nanoTime() < deadline) {
            m = migration(id);
            String now = m.path("vmName").asText() + " " + m.path("state").asText() + " round " + m.path("sync").path("round").asInt()
                    + (m.path("sync").path("inFlight").asBoolean() ? " (in flight)" : "") + " — " + m.path("phaseDetail").asText();
            if (!now.equals(seen)) {
                Stack.log(id.substring(0, 8) + " " + now);
                seen = now;
            }
            if (done.test(m)) {
                return m;
            }
            if (ENDED_BADLY.contains(m.path("state").asText())) {
                fail(id + " ended " + m.path("state").asText() + ": " + m.path("failure") + "\ntimeline:\n" + timelineText(id));
            }
            Thread.sleep(1000);
        }
        fail(id + " did not get there in " + timeout + "; last: " + seen + "\ntimeline:\n" + timelineText(id));
        return m;
    }

    static Predicate<JsonNode> inState(String state) {
        return m -> state.equals(m.path("state").asText());
    }

    static JsonNode timeline(String id) {
        return Json.get(Stack.API + "/api/migrations/" + id + "/timeline").ok();
    }

    static String timelineText(String id) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode t : timeline(id)) {
            sb.append("  ").append(t.path("occurredAt").asText()).append(' ').append(t.path("type").asText()).append(" (")
                    .append(t.path("source").asText()).append(") ").append(t.path("fromState").asText()).append(" → ")
                    .append(t.path("toState").asText()).append(": ").append(t.path("detail").asText()).append('\n');
        }
        return sb.toString();
    }
}
