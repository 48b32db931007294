package io.traverse.migration.rest;

import io.smallrye.mutiny.Multi;
import io.traverse.migration.engine.StateChange;
import io.traverse.migration.live.StateStream;
import io.traverse.migration.security.Roles;
import io.traverse.migration.service.MigrationService;
import io.traverse.support.rest.ProblemException;
import io.traverse.support.rest.ProblemTypes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

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
     * Server-Sent Events, one per state change ({@code data} is a {@link StateChange}, {@code id} its {@code seq}), in
     * commit order, from the moment of subscription; optionally only one plan's. Subscribe first, then read the list,
     * and nothing is missed. A client that reconnects sends the last id it got ({@code Last-Event-ID}, as EventSource
     * does by itself, or {@code ?since=}) and first gets the changes it missed.
     */
    @GET
    @Path("/fleet/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Multi<OutboundSseEvent> events(@QueryParam("planId") UUID planId, @QueryParam("since") @Min(0) Long since,
                                          @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        Long after = since != null ? since : lastEventId(lastEventId);
        Multi<StateChange> all = after == null ? stream.changes() : stream.changesAfter(after);
        return (planId == null ? all : all.filter(c -> planId.equals(c.planId())))
                .map(c -> sse.newEventBuilder().id(Long.toString(c.seq())).mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(StateChange.class, c).build());
    }

    private static Long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemTypes.VALIDATION, "Invalid input", 400,
                    "Last-Event-ID: not an event id of this stream ('" + header + "'); send the id of the last event received");
        }
    }

    /** Demo Reset: cancels and rolls back every migration (only what Traverse created is removed). */
    @POST
    @Path("/admin/reset")
    @RolesAllowed(Roles.ADMIN)
    public Map<String, Object> reset() {
        return Map.of("reset", migrations.reset(caller.name()));
    }
}
