package io.traverse.migration.rest;

import io.traverse.migration.mapping.InfraMapping;
import io.traverse.migration.mapping.MappingService;
import io.traverse.migration.security.Roles;
import io.traverse.support.rest.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.UUID;

/**
 * Infrastructure mappings (admins edit, everyone reads). Sources are checked against the vCenter inventory unless
 * {@code ?skipInventoryCheck=true} (for when discovery-service is down and the admin knows better).
 */
@Path("/api/mappings")
public class MappingResource {

    private final MappingService mappings;

    public MappingResource(MappingService mappings) {
        this.mappings = mappings;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response create(@NotNull @Valid InfraMapping.Body body, @QueryParam("skipInventoryCheck") boolean skip,
                           @Context UriInfo uri) {
        InfraMapping m = mappings.create(body, !skip);
        return Response.created(uri.getAbsolutePathBuilder().path(m.id().toString()).build()).entity(m).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public List<InfraMapping> list() {
        return mappings.list();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public InfraMapping get(@PathParam("id") UUID id) {
        return mappings.find(id).orElseThrow(() -> ProblemException.notFound("Mapping " + id));
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public InfraMapping replace(@PathParam("id") UUID id, @NotNull @Valid InfraMapping.Body body,
                                @QueryParam("skipInventoryCheck") boolean skip) {
        return mappings.replace(id, body, !skip);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response delete(@PathParam("id") UUID id) {
        mappings.delete(id);
        return Response.noContent().build();
    }
}
