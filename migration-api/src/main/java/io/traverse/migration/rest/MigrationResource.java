package io.traverse.migration.rest;

import io.traverse.events.MigrationMode;
import io.traverse.migration.service.Migration;
import io.traverse.migration.service.MigrationService;
import io.traverse.support.rest.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;

import java.util.UUID;

/** Starts VM migrations and shows where each one stands. */
@Path("/api/migrations")
public class MigrationResource {

    private final MigrationService migrations;

    public MigrationResource(MigrationService migrations) {
        this.migrations = migrations;
    }

    /** What a client sends to migrate one VM. */
    public record StartMigration(
            @NotBlank @Pattern(regexp = "vm-\\d+", message = "must be a vCenter VM id such as vm-42") String vmId,
            @NotBlank String vmName,
            @NotNull MigrationMode mode) {
    }

    /** Answers at once with 202 and the migration's id; the work runs asynchronously. */
    @POST
    public Response start(@NotNull @Valid StartMigration body, @Context UriInfo uri) {
        Migration m = migrations.start(new MigrationService.StartRequest(body.vmId(), body.vmName(), body.mode(), "api"));
        return Response.accepted(m).location(uri.getAbsolutePathBuilder().path(m.id().toString()).build()).build();
    }

    @GET
    @Path("{id}")
    public Migration get(@jakarta.ws.rs.PathParam("id") UUID id) {
        return migrations.find(id).orElseThrow(() -> ProblemException.notFound("Migration " + id));
    }
}
