package io.traverse.dashboard.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/** Points the gateway at a loopback port where nothing listens. */
public class UnreachableMigrationApi implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String nobody = "http://127.0.0.1:" + s.getLocalPort();
            return Map.of("traverse.gateway.migration-api-url", nobody, "traverse.gateway.discovery-url", nobody);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
    }
}
