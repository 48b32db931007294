package io.traverse.migration.rest;

import io.traverse.migration.plan.Plan;
import io.traverse.migration.plan.PlanService;
import io.traverse.migration.preflight.PreflightReport;
import io.traverse.migration.security.Roles;
import io.traverse.support.rest.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.UUID;

/** Migration plans: CRUD, CSV import of VMs, preflight, start (all waves or one). */
@Path("/api/plans")
public class PlanResource {

    private final PlanService plans;
    private final Caller caller;

    public PlanResource(PlanService plans, Caller caller) {
        this.plans = plans;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Response create(@NotNull @Valid Plan.Body body, @Context UriInfo uri) {
        Plan p = plans.create(body, caller.name());
        return Response.created(uri.getAbsolutePathBuilder().path(p.id().toString()).build()).entity(p).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public List<Plan> list() {
        return plans.list();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Plan get(@PathParam("id") UUID id) {
        return plans.find(id).orElseThrow(() -> ProblemException.notFound("Plan " + id));
    }

    @PUT
    @Path("{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Plan replace(@PathParam("id") UUID id, @NotNull @Valid Plan.Body body) {
        return plans.replace(id, body);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Response delete(@PathParam("id") UUID id) {
        plans.delete(id);
        return Response.noContent().build();
    }

    /** The wizard's CSV import; 422 with one error per rejected line, and then nothing is imported. */
    @POST
    @Path("{id}/vms/import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Plan importCsv(@PathParam("id") UUID id, String csv, @QueryParam("replace") boolean replace) {
        return plans.importCsv(id, csv, replace);
    }

    @POST
    @Path("{id}/preflight")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public PreflightReport preflight(@PathParam("id") UUID id, @QueryParam("wave") @Positive Integer wave) {
        return plans.preflight(id, wave);
    }

    /** 202 at once with the job id and the queued migrations; admission and the phases follow asynchronously. */
    @POST
    @Path("{id}/start")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Response start(@PathParam("id") UUID id, @QueryParam("wave") @Positive Integer wave) {
        return Response.accepted(plans.start(id, wave, caller.name())).build();
    }
}
