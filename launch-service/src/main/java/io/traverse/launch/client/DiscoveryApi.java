package io.traverse.launch.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** discovery-service's source operations (port 8091), read as JSON trees so small shape changes do not break us. */
@RegisterRestClient(configKey = "discovery")
@Path("/api/source")
@Produces(MediaType.APPLICATION_JSON)
interface DiscoveryApi {

    @POST
    @Path("/vms/{id}/power-on")
    JsonNode powerOn(@PathParam("id") String vmId);
}
