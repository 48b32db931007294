package io.traverse.network.testing;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * A STAND-IN for migration-api, not migration-api: a JDK HTTP server that answers {@code GET /api/mappings/{id}}
 * with fixed mappings in the JSON shape of migration-api's {@code io.traverse.migration.mapping.InfraMapping}
 * (copied from it), refuses a request without the bearer token {@link #TOKEN} with 401 (as an OIDC migration-api
 * does), and answers 404 problem+json for any other id. It hands network-mapper {@code traverse.migration-api.url}
 * and {@code .token}. The real endpoint and its payload are tested in migration-api's own tests.
 */
public class MigrationApiStandIn implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "stand-in-service-token";

    /** DC0_DVPG0 → frontier-net, DC0_C0 → nova, LocalDS_0 → rbd ("VM Network" is not mapped). */
    public static final UUID DC0_TO_FRONTIER = UUID.fromString("6f1e0c5a-0000-4000-8000-000000000001");

    /** Maps the port group to a network Neutron does not have. */
    public static final UUID TO_MISSING_NETWORK = UUID.fromString("6f1e0c5a-0000-4000-8000-000000000002");

    private static final Map<UUID, String> MAPPINGS = Map.of(
            DC0_TO_FRONTIER, mapping(DC0_TO_FRONTIER, "DC0 to RegionOne", "frontier-net"),
            TO_MISSING_NETWORK, mapping(TO_MISSING_NETWORK, "DC0 to a network that is gone", "no-such-net-traverse-test"));

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/mappings/", exchange -> {
            String body;
            int status;
            String type = "application/problem+json";
            String id = exchange.getRequestURI().getPath().substring("/api/mappings/".length());
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
                body = "";
            } else {
                String mapping = null;
                try {
                    mapping = MAPPINGS.get(UUID.fromString(id));
                } catch (IllegalArgumentException e) {
                    // not a UUID: 404 below, as the real endpoint's path parameter would be
                }
                status = mapping == null ? 404 : 200;
                body = mapping != null ? mapping : """
                        {"type":"urn:traverse:problem:not-found","title":"Not found","status":404,\
                        "detail":"Mapping %s not found"}""".formatted(id);
                type = mapping != null ? "application/json" : type;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return Map.of("traverse.migration-api.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "traverse.migration-api.token", TOKEN);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String mapping(UUID id, String name, String network) {
        return """
                {"id":"%s","name":"%s","description":"stand-in","clusters":[{"sources":["DC0_C0","DC0_C1"],"target":"nova"}],
                 "datastores":[{"sources":["LocalDS_0"],"target":"rbd"}],
                 "networks":[{"sources":["DC0_DVPG0"],"target":"%s"}],
                 "createdAt":"2026-11-25T12:00:00Z","updatedAt":"2026-11-25T12:00:00Z","version":1}"""
                .formatted(id, name, network);
    }
}
