package io.traverse.network.rest;

import io.traverse.network.mapping.NetworkPreflight;
import io.traverse.support.rest.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/preflight/networks?mappingId=…[&mac=…]}: each port group's target network of a mapping and whether
 * it exists in Neutron, plus which given source MACs a Neutron port already has. The dashboard's Network Mapping tab
 * shows it beside migration-api's {@code POST /api/plans/{id}/preflight} (which lists unmapped NICs per VM).
 */
@Path("/api/preflight")
@Produces(MediaType.APPLICATION_JSON)
public class PreflightResource {

    private final NetworkPreflight preflight;

    public PreflightResource(NetworkPreflight preflight) {
        this.preflight = preflight;
    }

    @GET
    @Path("networks")
    public NetworkPreflight.Report networks(@QueryParam("mappingId") String mappingId, @QueryParam("mac") List<String> macs) {
        if (mappingId == null || mappingId.isBlank()) {
            throw ProblemException.badRequest("mappingId is required");
        }
        UUID id;
        try {
            id = UUID.fromString(mappingId.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("mappingId must be a UUID, not '" + mappingId + "'");
        }
        return preflight.check(id, macs == null ? List.of() : macs);
    }
}
