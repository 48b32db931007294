package io.traverse.conversion.source;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** discovery-service's source operations (its {@code SourceResource}), the part conversion uses. */
@RegisterRestClient(configKey = "discovery")
@Path("/api/source")
@Produces(MediaType.APPLICATION_JSON)
interface DiscoverySourceApi {

    /** Only the field conversion reads; the VM that comes with it is ignored. */
    record PowerResult(String action) {
    }

    @POST
    @Path("/vms/{id}/power-off")
    PowerResult powerOff(@PathParam("id") String id, @QueryParam("gracefulTimeoutSeconds") Integer gracefulTimeoutSeconds);
}
