package io.traverse.migration.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** discovery-service's inventory REST API (port 8091); read as JSON trees so small shape changes do not break us. */
@RegisterRestClient(configKey = "inventory")
@Path("/api/inventory")
@Produces(MediaType.APPLICATION_JSON)
interface InventoryApi {

    @GET
    @Path("/vms")
    JsonNode vms(@QueryParam("page") int page, @QueryParam("size") int size, @QueryParam("detail") boolean detail);

    @GET
    @Path("/vms/{id}")
    JsonNode vm(@PathParam("id") String id);

    @GET
    @Path("/topology")
    JsonNode topology();
}
