package io.traverse.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Service;
import org.openstack4j.model.identity.v3.Token;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Plain JSON calls to an OpenStack service with the shared token, for what openstack4j 3.12 lacks. The endpoint is
 * taken from the token's catalog by service type ({@code compute}, {@code network}, {@code volumev3},
 * {@code image}, ...), region and interface. A 401 makes it authenticate again and retry once. Any other status
 * >= 400 is an {@link OpenStackException} carrying the status and OpenStack's message.
 */
public final class OpenStackRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().build();

    private final TokenSession session;
    private final OpenStackConfig config;

    OpenStackRest(TokenSession session, OpenStackConfig config) {
        this.session = session;
        this.config = config;
    }

    /** GET {@code path} (relative to the service endpoint, may carry a query); the parsed body. */
    public JsonNode get(String serviceType, String path) {
        return call("GET", serviceType, path, null, Map.of());
    }

    /** POST a JSON body; the parsed answer (a MissingNode when the answer has no body). */
    public JsonNode post(String serviceType, String path, Object body) {
        return call("POST", serviceType, path, body, Map.of());
    }

    /** PUT a JSON body (or none); the parsed answer. */
    public JsonNode put(String serviceType, String path, Object body) {
        return call("PUT", serviceType, path, body, Map.of());
    }

    /** DELETE; true when deleted, false when it was not there (404). */
    public boolean delete(String serviceType, String path) {
        try {
            call("DELETE", serviceType, path, null, Map.of());
            return true;
        } catch (OpenStackException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Any method with extra headers, e.g. {@code OpenStack-API-Version: compute 2.55}. */
    public JsonNode call(String method, String serviceType, String path, Object body, Map<String, String> headers) {
        Token token = session.token();
        HttpResponse<String> r = send(token, method, serviceType, path, body, headers);
        if (r.statusCode() == 401) {
            session.invalidate(token);
            r = send(session.token(), method, serviceType, path, body, headers);
        }
        if (r.statusCode() >= 400) {
            throw new OpenStackException(r.statusCode(), method + " " + serviceType + " " + path.split("\\?")[0]
                    + ": HTTP " + r.statusCode() + " " + message(r.body()));
        }
        try {
            return r.body() == null || r.body().isBlank() ? MissingNode.getInstance() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new OpenStackException(502, method + " " + serviceType + " " + path + ": answer is not JSON", e);
        }
    }

    /** The catalog URL of a service type for the configured region and interface, without a trailing slash. */
    public String endpoint(String serviceType) {
        Token token = session.token();
        for (Service s : token.getCatalog()) {
            if (!serviceType.equals(s.getType())) {
                continue;
            }
            for (Endpoint e : s.getEndpoints()) {
                boolean region = e.getRegion() == null || config.region().equals(e.getRegion())
                        || config.region().equals(e.getRegionId());
                if (region && e.getIface() == session.facing()) {
                    String url = e.getUrl().toString();
                    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
                }
            }
        }
        throw new OpenStackException(0, "no " + serviceType + " endpoint (" + config.endpointInterface() + ", "
                + config.region() + ") in the service catalog");
    }

    private HttpResponse<String> send(Token token, String method, String serviceType, String path, Object body,
                                      Map<String, String> headers) {
        String url = endpoint(serviceType) + (path.startsWith("/") ? path : "/" + path);
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(config.readTimeout())
                    .header("X-Auth-Token", token.getId()).header("Accept", "application/json");
            headers.forEach(b::header);
            if (body != null) {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new OpenStackException(0, method + " " + serviceType + " " + path + ": no answer (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenStackException(0, "interrupted", e);
        }
    }

    /** OpenStack's error message out of its several error shapes, or the body's start. */
    private static String message(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode n = JSON.readTree(body);
            for (String k : new String[] {"NeutronError", "badRequest", "itemNotFound", "conflictingRequest",
                    "forbidden", "error", "computeFault", "overLimit"}) {
                if (n.has(k)) {
                    JsonNode m = n.get(k);
                    String type = m.has("type") ? m.get("type").asText() + ": " : ""; // e.g. MacAddressInUse
                    return type + (m.has("message") ? m.get("message").asText() : m.toString());
                }
            }
            if (n.has("message")) {
                return n.get("message").asText();
            }
        } catch (IOException ignored) {
            // not JSON
        }
        return body.length() > 300 ? body.substring(0, 300) : body;
    }
}
