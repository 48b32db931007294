package io.traverse.dashboard.gateway;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for migration-api (a plain JDK HTTP server), so the gateway's forwarding can be checked byte for byte
 * without booting the real service in the same JVM. It echoes what it received and answers like the real API does
 * for a 202 and a problem+json 404.
 */
public class StandInMigrationApi implements QuarkusTestResourceLifecycleManager {

    static final AtomicReference<String> LAST_REQUEST = new AtomicReference<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            LAST_REQUEST.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
            String path = exchange.getRequestURI().getPath();
            byte[] answer;
            int status;
            if (path.equals("/q/health/live")) {
                status = 200;
                answer = "{\"status\":\"UP\"}".getBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            } else if (path.equals("/api/fleet/events")) {
                streamEvents(exchange);
                return;
            } else if (path.startsWith("/api/migrations/missing")) {
                status = 404;
                answer = "{\"type\":\"urn:traverse:problem:not-found\",\"status\":404}".getBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            } else {
                status = exchange.getRequestMethod().equals("POST") ? 202 : 200;
                answer = ("{\"echo\":\"" + exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\"}").getBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("Location", "/api/migrations/1234");
            }
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        // discovery-service, launch-service and flavor-service are the same stand-in under a path prefix each, so the
        // echo shows which upstream was asked
        return Map.of("traverse.gateway.migration-api-url", base, "traverse.gateway.discovery-url", base + "/discovery",
                "traverse.gateway.launch-url", base + "/launch", "traverse.gateway.flavor-url", base + "/flavor");
    }

    /**
     * Sends one event, then waits until the test has seen it through the gateway before it sends the second and ends:
     * a gateway that buffered the answer would make the test wait forever (it times out instead).
     */
    private static void streamEvents(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        var out = exchange.getResponseBody();
        out.write("data: {\"n\":1}\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
            FIRST_EVENT_SEEN.await(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.write("data: {\"n\":2}\n\n".getBytes(StandardCharsets.UTF_8));
        out.close();
    }

    static final java.util.concurrent.CountDownLatch FIRST_EVENT_SEEN = new java.util.concurrent.CountDownLatch(1);

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
