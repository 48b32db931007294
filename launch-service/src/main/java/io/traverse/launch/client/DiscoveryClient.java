package io.traverse.launch.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;

/** Powers source VMs back on through discovery-service (the only service that talks to vCenter). */
@ApplicationScoped
public class DiscoveryClient {

    private final DiscoveryApi api;

    public DiscoveryClient(@RestClient DiscoveryApi api) {
        this.api = api;
    }

    /** Powers the VM on (a no-op when it is on); returns discovery-service's answer ({@code action}: what it did). */
    @Retry(maxRetries = 3, delay = 1, delayUnit = ChronoUnit.SECONDS)
    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    public String powerOn(String vmId) {
        JsonNode r = api.powerOn(vmId);
        return r == null ? "?" : r.path("action").asText("?");
    }
}
