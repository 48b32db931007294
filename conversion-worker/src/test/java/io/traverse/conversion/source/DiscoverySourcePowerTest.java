package io.traverse.conversion.source;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.testbed.TraverseTestbed;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The power-off call to discovery-service (AC6) over HTTP, against a stand-in of its {@code SourceResource} on a
 * local port: the path, the grace period, a retry after a 5xx, no retry after a 4xx.
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(DiscoverySourcePowerTest.FakeDiscovery.class)
class DiscoverySourcePowerTest {

    /** discovery-service's power-off endpoint: answers with the next queued status, records each request. */
    public static class FakeDiscovery implements QuarkusTestResourceLifecycleManager {
        static final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
        static final Queue<String> requests = new ConcurrentLinkedQueue<>();
        HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/api/source/vms/", ex -> {
                requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
                int status = answers.isEmpty() ? 200 : answers.poll();
                byte[] body = (status == 200 ? "{\"action\":\"shutdown\",\"vm\":{\"id\":\"vm-77\",\"powerState\":\"POWERED_OFF\"}}"
                        : "{\"title\":\"nope\"}").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
                ex.sendResponseHeaders(status, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            server.start();
            return Map.of("traverse.conversion.source.discovery-url", "http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void stop() {
            server.stop(0);
        }
    }

    @Inject
    SourcePower power;

    @BeforeEach
    void reset() {
        FakeDiscovery.answers.clear();
        FakeDiscovery.requests.clear();
    }

    @Test
    void powersTheVmOffThroughDiscoveryServiceWithTheGracePeriod() {
        assertEquals("shutdown", power.powerOff("vm-77"));
        assertEquals(List.of("POST /api/source/vms/vm-77/power-off?gracefulTimeoutSeconds=300"), List.copyOf(FakeDiscovery.requests));
    }

    @Test
    void aServerErrorIsRetriedAndARefusalIsNot() {
        FakeDiscovery.answers.add(503);
        assertEquals("shutdown", power.powerOff("vm-77"));
        assertEquals(2, FakeDiscovery.requests.size());

        FakeDiscovery.requests.clear();
        FakeDiscovery.answers.add(404);
        SourcePower.SourcePowerException e = assertThrows(SourcePower.SourcePowerException.class, () -> power.powerOff("vm-78"));
        assertEquals("discovery-service refused to power off vm-78 (HTTP 404)", e.getMessage());
        assertEquals(1, FakeDiscovery.requests.size());
    }
}
