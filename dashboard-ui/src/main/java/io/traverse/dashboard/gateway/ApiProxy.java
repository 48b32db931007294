package io.traverse.dashboard.gateway;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.traverse.dashboard.login.SessionToken;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Set;

/**
 * Forwards {@code /api/**} unchanged (method, path, query, body, content type) to migration-api, or to
 * discovery-service, launch-service or flavor-service by path (see {@link Upstream}), and returns the answer unchanged, so the
 * browser talks to one origin. When the upstream cannot be reached the browser gets a problem+json 502/504 it can
 * show, not a hanging request. A logged-in user's calls carry their session's access token as the bearer token
 * (see {@link SessionToken}); launch-service and flavor-service are only read through here. Event streams
 * ({@code Accept: text/event-stream}) never reach this class: {@link EventStreamProxy} streams them.
 */
@Path("/api")
@Blocking
public class ApiProxy {

    private static final Set<String> FORWARDED_REQUEST_HEADERS = Set.of("content-type", "accept", "authorization");
    private static final Set<String> FORWARDED_RESPONSE_HEADERS = Set.of("content-type", "location", "cache-control");

    private final GatewayConfig config;
    private final SecurityIdentity identity;
    private final HttpClient http;

    public ApiProxy(GatewayConfig config, SecurityIdentity identity) {
        this.config = config;
        this.identity = identity;
        this.http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();
    }

    @GET @Path("{path: .*}") public Response get(@Context UriInfo uri, @Context HttpHeaders h) { return forward("GET", uri, h, null); }
    @DELETE @Path("{path: .*}") public Response delete(@Context UriInfo uri, @Context HttpHeaders h) { return forward("DELETE", uri, h, null); }
    @POST @Path("{path: .*}") public Response post(@Context UriInfo uri, @Context HttpHeaders h, byte[] body) { return forward("POST", uri, h, body); }
    @PUT @Path("{path: .*}") public Response put(@Context UriInfo uri, @Context HttpHeaders h, byte[] body) { return forward("PUT", uri, h, body); }
    @PATCH @Path("{path: .*}") public Response patch(@Context UriInfo uri, @Context HttpHeaders h, byte[] body) { return forward("PATCH", uri, h, body); }

    private Response forward(String method, UriInfo uri, HttpHeaders headers, byte[] body) {
        Upstream upstream = Upstream.of(uri.getRequestUri().getRawPath());
        if (upstream.readOnly() && !method.equals("GET")) {
            return Response.status(405).header("Allow", "GET").type("application/problem+json")
                    .entity("{\"type\":\"urn:traverse:problem:invalid-request\",\"title\":\"Method Not Allowed\",\"status\":405,"
                            + "\"detail\":\"the dashboard only reads from " + upstream.serviceName() + "\"}").build();
        }
        URI target = upstream.target(config, uri.getRequestUri().getRawPath(), uri.getRequestUri().getRawQuery());
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(config.timeout())
                .method(method, body == null || body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        var sessionToken = SessionToken.authorizationHeader(identity);
        headers.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase();
            if (FORWARDED_REQUEST_HEADERS.contains(lower) && !(lower.equals("authorization") && sessionToken.isPresent())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        sessionToken.ifPresent(t -> request.header("Authorization", t));
        try {
            HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Response.ResponseBuilder response = Response.status(answer.statusCode()).entity(answer.body());
            answer.headers().map().forEach((name, values) -> {
                if (FORWARDED_RESPONSE_HEADERS.contains(name.toLowerCase())) {
                    values.forEach(v -> response.header(name, v));
                }
            });
            return response.build();
        } catch (HttpTimeoutException e) {
            return upstreamProblem(upstream, 504, upstream.serviceName() + " did not answer within "
                    + config.timeout().toSeconds() + " s");
        } catch (ConnectException e) {
            return upstreamProblem(upstream, 502, upstream.serviceName() + " is not reachable at "
                    + upstream.baseUrl(config));
        } catch (IOException e) {
            return upstreamProblem(upstream, 502, upstream.serviceName() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return upstreamProblem(upstream, 503, "the gateway is shutting down");
        }
    }

    private static Response upstreamProblem(Upstream upstream, int status, String detail) {
        return Response.status(status).type("application/problem+json").entity(upstream.problem(status, detail)).build();
    }
}
