package io.traverse.migration.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.traverse.events.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The source inventory as discovery-service serves it. Each call times out after 2 s and is retried twice; after
 * repeated failures the circuit opens and calls fail fast for 10 s. When discovery-service cannot answer, the call
 * throws {@link InventoryUnavailableException} and the API turns that into a 503 problem naming the service.
 */
@ApplicationScoped
public class InventoryClient {

    private static final ObjectMapper JSON = EventJson.mapper();

    private final InventoryApi api;

    private static final int PAGE_SIZE = 1000;

    public InventoryClient(@RestClient InventoryApi api) {
        this.api = api;
    }

    /**
     * Every VM with its disks and NICs, a page of 1,000 at a time: {@code GET /api/inventory/vms?detail=true} answers
     * each VM in full ({@code items}, {@code total}). An older discovery-service that ignores {@code detail} lists
     * summaries (a disk count, not the disks); those are completed from {@code /vms/{id}}, one call per VM.
     */
    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = InventoryUnavailableException.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "vmsUnavailable", skipOn = InventoryUnavailableException.class)
    public List<InventoryVm> vms() {
        List<InventoryVm> vms = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode root = api.vms(page, PAGE_SIZE, true);
            JsonNode items = root.isArray() ? root : root.has("items") ? root.get("items") : root.get("vms");
            if (items == null || !items.isArray()) {
                return vms;
            }
            for (JsonNode n : items) {
                JsonNode full = n.path("disks").isArray() || !n.hasNonNull("id") ? n : api.vm(n.get("id").asText());
                vms.add(JSON.convertValue(full, InventoryVm.class));
            }
            boolean lastPage = root.isArray() || items.size() < PAGE_SIZE
                    || (root.has("total") && vms.size() >= root.get("total").asLong());
            if (lastPage) {
                return vms;
            }
        }
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = InventoryUnavailableException.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "topologyUnavailable", skipOn = InventoryUnavailableException.class)
    public InventoryTopology topology() {
        JsonNode root = api.topology();
        // discovery-service nests clusters, datastores and networks per datacenter; a flat tree is read as well
        List<JsonNode> levels = new ArrayList<>(List.of(root));
        root.path("datacenters").forEach(levels::add);
        Set<String> clusters = new LinkedHashSet<>();
        Set<String> datastores = new LinkedHashSet<>();
        Set<String> networks = new LinkedHashSet<>();
        for (JsonNode level : levels) {
            clusters.addAll(names(level, "clusters"));
            datastores.addAll(names(level, "datastores"));
            networks.addAll(names(level, "networks", "portGroups"));
        }
        return new InventoryTopology(clusters, datastores, networks);
    }

    List<InventoryVm> vmsUnavailable(Throwable cause) {
        throw unavailable(cause);
    }

    InventoryTopology topologyUnavailable(Throwable cause) {
        throw unavailable(cause);
    }

    private static InventoryUnavailableException unavailable(Throwable cause) {
        return new InventoryUnavailableException("discovery-service's inventory is not reachable ("
                + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
                + ")", cause);
    }

    /** Names from arrays of strings or of objects with a {@code name}, under any of the given keys. */
    private static Set<String> names(JsonNode root, String... keys) {
        Set<String> names = new LinkedHashSet<>();
        for (String key : keys) {
            JsonNode list = root.get(key);
            if (list == null || !list.isArray()) {
                continue;
            }
            for (JsonNode n : list) {
                if (n.isTextual()) {
                    names.add(n.asText());
                } else if (n.hasNonNull("name")) {
                    names.add(n.get("name").asText());
                }
            }
        }
        return names;
    }
}
