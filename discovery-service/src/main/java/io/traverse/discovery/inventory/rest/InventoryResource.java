package io.traverse.discovery.inventory.rest;

import io.traverse.discovery.inventory.InventoryQueries;
import io.traverse.discovery.inventory.InventorySnapshot;
import io.traverse.discovery.inventory.InventoryStore;
import io.traverse.discovery.inventory.InventorySync;
import io.traverse.discovery.inventory.InventoryVm;
import io.traverse.events.PowerState;
import io.traverse.support.rest.ProblemException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Locale;

/** The vCenter inventory mirror: VMs, the topology tree, clusters, hosts, datastores and networks. */
@Path("/api/inventory")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Inventory")
public class InventoryResource {

    private final InventoryQueries queries;
    private final InventorySync sync;

    public InventoryResource(InventoryQueries queries, InventorySync sync) {
        this.queries = queries;
        this.sync = sync;
    }

    @GET
    @Path("/vms")
    @Operation(summary = "VMs of the mirror, sorted by name, filtered by cluster, power state and name (substring); "
            + "summaries, or with detail=true each VM in full (disks, NICs, guest, snapshots) as /vms/{id} has it")
    public VmPageResponse<?> vms(@QueryParam("cluster") String cluster,
                                 @QueryParam("powerState") String powerState,
                                 @QueryParam("name") String name,
                                 @QueryParam("detail") String detail,
                                 @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                 @QueryParam("size") @DefaultValue("50") @Min(1) @Max(1000) int size) {
        InventoryStore.VmPage result = queries.vms(new InventoryStore.VmQuery(blankToNull(cluster), powerState(powerState),
                blankToNull(name), page, size));
        if (flag("detail", detail)) {
            return new VmPageResponse<>(result.items(), page, size, result.total());
        }
        return new VmPageResponse<>(result.items().stream().map(VmSummary::of).toList(), page, size, result.total());
    }

    @GET
    @Path("/vms/{id}")
    @Operation(summary = "One VM with every Phase-1 field (disks, NICs, guest, firmware, CBT, snapshots, tools)")
    public InventoryVm vm(@PathParam("id") @Pattern(regexp = "vm-\\d+", message = "must be a VM id like vm-42") String id) {
        return queries.vm(id).orElseThrow(() -> ProblemException.notFound("VM " + id));
    }

    @GET
    @Path("/topology")
    @Operation(summary = "Datacenter → cluster → host → VM tree with datastores and networks")
    public Topology topology() {
        return queries.topology();
    }

    @GET
    @Path("/clusters")
    public List<InventorySnapshot.Cluster> clusters() {
        return queries.topologyOnly().clusters();
    }

    @GET
    @Path("/hosts")
    public List<InventorySnapshot.Host> hosts() {
        return queries.topologyOnly().hosts();
    }

    @GET
    @Path("/datastores")
    public List<InventorySnapshot.Datastore> datastores() {
        return queries.topologyOnly().datastores();
    }

    @GET
    @Path("/networks")
    public List<InventorySnapshot.Network> networks() {
        return queries.topologyOnly().networks();
    }

    @POST
    @Path("/refresh")
    @Operation(summary = "Sync the mirror with vCenter now; announces changes as inventory.changed")
    public RefreshResponse refresh() {
        InventorySync.Result r = sync.refresh();
        return new RefreshResponse(r.syncedAt(), r.vms(), r.changes().size(), r.took().toMillis());
    }

    /** What a sync did. */
    public record RefreshResponse(java.time.Instant syncedAt, int vms, int changes, long tookMillis) {
    }

    private static PowerState powerState(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        for (PowerState s : PowerState.values()) {
            String camel = switch (s) {
                case POWERED_ON -> "poweredOn";
                case POWERED_OFF -> "poweredOff";
                case SUSPENDED -> "suspended";
            };
            if (s.name().equals(v.toUpperCase(Locale.ROOT)) || camel.equals(v)) {
                return s;
            }
        }
        throw ProblemException.badRequest("powerState: '" + value + "' is not one of POWERED_ON, POWERED_OFF, SUSPENDED");
    }

    /** {@code true} or {@code false} (any case); absent is false; anything else is a 400 naming the parameter. */
    private static boolean flag(String name, String value) {
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("false")) {
            return false;
        }
        if (value.strip().equalsIgnoreCase("true")) {
            return true;
        }
        throw ProblemException.badRequest(name + ": '" + value + "' is not true or false");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
