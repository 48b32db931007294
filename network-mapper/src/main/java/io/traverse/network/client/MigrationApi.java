package io.traverse.network.client;

import io.traverse.network.mapping.InfraMapping;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.UUID;

/** The part of migration-api's REST API network-mapper reads (base URL {@code traverse.migration-api.url}). */
@RegisterRestClient(configKey = "migration-api")
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
interface MigrationApi {

    /** @param authorization {@code Bearer <token>}, or null for no header */
    @GET
    @Path("/mappings/{id}")
    InfraMapping mapping(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
