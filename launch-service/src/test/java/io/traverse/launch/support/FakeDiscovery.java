package io.traverse.launch.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in for discovery-service's power-on endpoint ({@code POST /api/source/vms/{id}/power-on}, answered like
 * the real one: {@code {"action": ..., "vm": {...}}}), on a free loopback port. It records each call;
 * {@code GET /calls} lists them as {@code ["vm-42", ...]}, so tests see them whatever class loader they run in.
 * This fakes a neighbour's HTTP API (the style guide allows it for HTTP neighbours); discovery-service's own tests
 * prove the power-on against vcsim.
 */
public class FakeDiscovery implements QuarkusTestResourceLifecycleManager {

    private static HttpServer server;
    private static final List<String> CALLS = new CopyOnWriteArrayList<>();

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.createContext("/api/source/vms/", ex -> {
                String[] parts = ex.getRequestURI().getPath().split("/");
                String vm = parts[4];
                if (!"POST".equals(ex.getRequestMethod()) || !"power-on".equals(parts[5])) {
                    respond(ex, 404, "{}");
                    return;
                }
                CALLS.add(vm);
                respond(ex, 200, "{\"action\":\"powered on\",\"vm\":{\"id\":\"" + vm + "\",\"powerState\":\"POWERED_ON\"}}");
            });
            server.createContext("/calls", ex -> respond(ex, 200,
                    "[" + String.join(",", CALLS.stream().map(c -> "\"" + c + "\"").toList()) + "]"));
            server.start();
        }
        return Map.of("quarkus.rest-client.discovery.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
