package io.traverse.migration.rest;

import io.traverse.events.MigrationMode;
import io.traverse.migration.MigrationState;
import io.traverse.migration.engine.CutoverPolicy;
import io.traverse.migration.engine.MigrationRecord;
import io.traverse.migration.engine.TimelineStore;
import io.traverse.migration.security.Roles;
import io.traverse.migration.service.MigrationService;
import io.traverse.migration.service.MigrationView;
import io.traverse.support.rest.ProblemException;
import io.traverse.support.rest.ProblemTypes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One VM's migration: start one on its own (Layer 1), read it and its timeline, list them, and the operator's
 * commands — cutover, cancel, skip, retry, rollback.
 */
@Path("/api/migrations")
public class MigrationResource {

    private final MigrationService migrations;
    private final Caller caller;

    public MigrationResource(MigrationService migrations, Caller caller) {
        this.migrations = migrations;
        this.caller = caller;
    }

    /** What a client sends to migrate one VM outside a plan. */
    public record StartMigration(
            @NotBlank @Pattern(regexp = "vm-\\d+", message = "must be a vCenter VM id such as vm-42") String vmId,
            @NotBlank @Size(max = 255) String vmName,
            @NotNull MigrationMode mode,
            Duration precopyInterval,
            CutoverPolicy cutoverPolicy,
            Instant cutoverAt,
            Duration downtimeTarget,
            String flavorOverride,
            List<@Pattern(regexp = "([0-9a-f]{2}:){5}[0-9a-f]{2}", message = "must be a lower-case MAC address") String> dropNics,
            Boolean preserveMac,
            Boolean preserveIp) {
    }

    /** Why an operator cancels. */
    public record CancelRequest(@Size(max = 500) String reason) {
    }

    /** Answers at once with 202 and the migration (its id is the job id); the work runs asynchronously. */
    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Response start(@NotNull @Valid StartMigration body, @Context UriInfo uri) {
        if (body.precopyInterval() != null && body.precopyInterval().compareTo(Duration.ofSeconds(1)) < 0) {
            throw ProblemException.badRequest("precopyInterval must be at least PT1S");
        }
        CutoverPolicy policy = body.mode() == MigrationMode.COLD ? CutoverPolicy.NOW
                : body.cutoverPolicy() == null ? CutoverPolicy.MANUAL : body.cutoverPolicy();
        var settings = new MigrationRecord.Settings(body.mode(), body.precopyInterval(), policy, body.cutoverAt(), null,
                body.downtimeTarget(), null, 3, body.flavorOverride(), body.dropNics(), caller.name(), null,
                body.preserveMac(), body.preserveIp());
        MigrationView m = migrations.start(new MigrationService.StartOne(body.vmId(), body.vmName(), body.mode(), settings));
        return Response.accepted(m).location(uri.getAbsolutePathBuilder().path(m.id().toString()).build()).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public MigrationService.Page<MigrationView> list(@QueryParam("state") List<String> states,
                                                     @QueryParam("planId") UUID planId,
                                                     @QueryParam("wave") Integer wave,
                                                     @QueryParam("jobId") UUID jobId,
                                                     @QueryParam("vm") String vmName,
                                                     @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                                     @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return migrations.list(new MigrationService.Filter(states(states), planId, wave, jobId, vmName), page, size);
    }

    /** {@code state=A&state=B} or {@code state=A,B}; an unknown state is a 400 naming the ones there are. */
    static List<MigrationState> states(List<String> values) {
        List<MigrationState> states = new java.util.ArrayList<>();
        for (String value : values == null ? List.<String>of() : values) {
            for (String s : value.split(",")) {
                if (s.isBlank()) {
                    continue;
                }
                try {
                    states.add(MigrationState.valueOf(s.strip().toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new ProblemException(ProblemTypes.VALIDATION, "Invalid input", 400, "state: unknown state '"
                            + s.strip() + "'; one of " + java.util.Arrays.toString(MigrationState.values()));
                }
            }
        }
        return states;
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public MigrationView get(@PathParam("id") UUID id) {
        return migrations.find(id).orElseThrow(() -> ProblemException.notFound("Migration " + id));
    }

    /** Every transition with its time, the phase detail and the event that caused it, in order. */
    @GET
    @Path("{id}/timeline")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public List<TimelineStore.Entry> timeline(@PathParam("id") UUID id) {
        return migrations.timeline(id).orElseThrow(() -> ProblemException.notFound("Migration " + id));
    }

    @POST
    @Path("{id}/cutover")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Response cutover(@PathParam("id") UUID id) {
        return Response.accepted(migrations.cutover(id, caller.name())).build();
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Response cancel(@PathParam("id") UUID id, @Valid CancelRequest body) {
        return Response.accepted(migrations.cancel(id, body == null ? null : body.reason(), caller.name())).build();
    }

    @POST
    @Path("{id}/skip")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Response skip(@PathParam("id") UUID id) {
        return Response.accepted(migrations.skip(id, caller.name())).build();
    }

    @POST
    @Path("{id}/retry")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Response retry(@PathParam("id") UUID id) {
        return Response.accepted(migrations.retry(id, caller.name())).build();
    }

    @POST
    @Path("{id}/rollback")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Response rollback(@PathParam("id") UUID id) {
        return Response.accepted(migrations.rollback(id, caller.name())).build();
    }
}
