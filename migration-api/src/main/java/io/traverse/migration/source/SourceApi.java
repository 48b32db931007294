package io.traverse.migration.source;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * discovery-service's source operations (port 8091, {@code /api/source}): only the power-on migration-api needs.
 * Answers 200 with {@code {action, vm}} ({@code action} "powered on" or "none: already powered on"), 409 problem+json
 * for a protected VM ({@code urn:traverse:problem:protected-vm}) or a vSphere fault, 404 for a VM vCenter no longer
 * has, 503 while vCenter is unreachable.
 */
@RegisterRestClient(configKey = "source")
@Path("/api/source")
@Produces(MediaType.APPLICATION_JSON)
interface SourceApi {

    @POST
    @Path("/vms/{id}/power-on")
    JsonNode powerOn(@PathParam("id") String vmId);
}
