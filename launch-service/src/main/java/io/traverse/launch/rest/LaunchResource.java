package io.traverse.launch.rest;

import io.traverse.launch.openstack.TargetCloud;
import io.traverse.launch.service.LaunchService;
import io.traverse.support.rest.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** Launches (state, waiting reason, instance) and cleanups of what Traverse created on the target. */
@Path("/api/launches")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Launches")
public class LaunchResource {

    private final LaunchService launches;
    private final TargetCloud cloud;

    public LaunchResource(LaunchService launches, TargetCloud cloud) {
        this.launches = launches;
        this.cloud = cloud;
    }

    @POST
    @Path("/reset")
    @Operation(summary = "Reset: clean up every migration launch-service knows (and, with includeUnknown=true, every "
            + "migration that has a Traverse-tagged server on the target); existing workloads (no Traverse tag) and "
            + "protected resources are never touched. 202 with the migrations")
    public Response reset(@QueryParam("includeUnknown") @DefaultValue("false") boolean includeUnknown) {
        List<UUID> onTarget = includeUnknown
                ? cloud.traverseServers().stream().flatMap(s -> s.migrationId().stream()).toList()
                : List.of();
        return Response.accepted(java.util.Map.of("cleanups", launches.resetAll(onTarget, "REST"))).build();
    }

    @GET
    @Operation(summary = "The most recent launches, newest first")
    public List<LaunchView> list(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return launches.list(limit).stream().map(LaunchView::of).toList();
    }

    @GET
    @Path("/{migrationId}")
    @Operation(summary = "One migration's launch: PENDING, WAITING_CAPACITY (with the reason), LAUNCHING, ACTIVE, FAILED, CANCELLED, CLEANED_UP")
    public LaunchView get(@PathParam("migrationId") UUID migrationId) {
        return launches.find(migrationId).map(LaunchView::of)
                .orElseThrow(() -> ProblemException.notFound("Launch of migration " + migrationId));
    }

    @POST
    @Path("/{migrationId}/cleanup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Delete the instance, volumes and ports that carry this migration's Traverse tag, and power "
            + "the source VM back on (what migration.cancelled does); 202, then poll GET .../cleanup")
    public Response cleanup(@PathParam("migrationId") UUID migrationId, @Valid CleanupRequest body) {
        String reason = body == null || body.reason() == null || body.reason().isBlank() ? "cleanup over REST" : body.reason();
        var row = launches.requestCleanup(migrationId, body == null ? null : body.sourceVmId(), reason);
        return Response.accepted(CleanupView.of(row)).build();
    }

    @GET
    @Path("/{migrationId}/cleanup")
    @Operation(summary = "The cleanup of one migration and what it did")
    public CleanupView cleanupState(@PathParam("migrationId") UUID migrationId) {
        return launches.cleanup(migrationId).map(CleanupView::of)
                .orElseThrow(() -> ProblemException.notFound("Cleanup of migration " + migrationId));
    }
}
