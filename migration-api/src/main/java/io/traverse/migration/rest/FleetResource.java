package io.traverse.migration.rest;

import io.smallrye.mutiny.Multi;
import io.traverse.migration.engine.StateChange;
import io.traverse.migration.live.StateStream;
import io.traverse.migration.security.Roles;
import io.traverse.migration.service.MigrationService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.Map;
import java.util.UUID;

/** The live view: the dashboard's summary cards, the stream of state changes, and the demo Reset. */
@Path("/api")
public class FleetResource {

    private final MigrationService migrations;
    private final StateStream stream;
    private final Caller caller;

    public FleetResource(MigrationService migrations, StateStream stream, Caller caller) {
        this.migrations = migrations;
        this.stream = stream;
        this.caller = caller;
    }

    @GET
    @Path("/fleet/summary")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public MigrationService.FleetSummary summary() {
        return migrations.summary();
    }

    /**
     * Server-Sent Events, one per state change ({@code data} is a {@link StateChange}), in commit order, from the
     * moment of subscription; optionally only one plan's. Subscribe first, then read the list, and nothing is missed.
     */
    @GET
    @Path("/fleet/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Multi<StateChange> events(@QueryParam("planId") UUID planId) {
        Multi<StateChange> all = stream.changes();
        return planId == null ? all : all.filter(c -> planId.equals(c.planId()));
    }

    /** Demo Reset: cancels and rolls back every migration (only what Traverse created is removed). */
    @POST
    @Path("/admin/reset")
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> reset() {
        return Map.of("reset", migrations.reset(caller.name()));
    }
}
