package io.traverse.conversion.source;

import io.traverse.conversion.config.ConversionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** {@link SourcePower} through discovery-service's REST API, retried on transport errors and 5xx answers. */
@ApplicationScoped
public class DiscoverySourcePower implements SourcePower {

    private final DiscoverySourceApi api;
    private final ConversionConfig config;

    public DiscoverySourcePower(@RestClient DiscoverySourceApi api, ConversionConfig config) {
        this.api = api;
        this.config = config;
    }

    @Override
    @Retry(maxRetries = 2, delay = 2000, retryOn = {ProcessingException.class, ServerError.class})
    public String powerOff(String vmId) {
        try {
            DiscoverySourceApi.PowerResult r = api.powerOff(vmId, config.source().gracefulShutdownSeconds());
            return r == null || r.action() == null ? "done" : r.action();
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status >= 500) {
                throw new ServerError("discovery-service answered " + status + " to power-off of " + vmId, e);
            }
            throw new SourcePowerException("discovery-service refused to power off " + vmId + " (HTTP " + status + ")", e);
        } catch (ProcessingException e) {
            throw new ServerError("discovery-service unreachable for power-off of " + vmId + ": " + e.getMessage(), e);
        }
    }

    /** Worth another try. */
    static final class ServerError extends SourcePowerException {
        ServerError(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
