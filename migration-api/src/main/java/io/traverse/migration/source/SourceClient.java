package io.traverse.migration.source;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;

/**
 * Powers source VMs on through discovery-service. A call times out after 60 s (vCenter's power-on task is awaited
 * there), is retried twice, and after repeated failures the circuit opens for 30 s. A refusal — the VM is protected
 * (409 {@code protected-vm}), vCenter refused (409 {@code vsphere-fault}) or the VM is gone (404) — is an answer, not
 * a failure: it is not retried and comes back as {@link Result#refused()}. Anything else (no answer, 5xx) throws
 * {@link SourceUnavailableException} once the retries are used.
 */
@ApplicationScoped
public class SourceClient {

    private final SourceApi api;

    public SourceClient(@RestClient SourceApi api) {
        this.api = api;
    }

    /** What discovery-service answered: what it did, or why it refused. */
    public record Result(boolean refused, String detail) {
    }

    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 1000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS)
    public Result powerOn(String vmId) {
        try {
            JsonNode answer = api.powerOn(vmId);
            return new Result(false, answer == null ? "powered on" : answer.path("action").asText("powered on"));
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 409 || status == 404) {
                return new Result(true, "HTTP " + status + ": " + problemDetail(e));
            }
            throw new SourceUnavailableException("discovery-service answered HTTP " + status + " to power on " + vmId
                    + ": " + problemDetail(e), e);
        } catch (RuntimeException e) {
            throw new SourceUnavailableException("discovery-service did not power on " + vmId + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    private static String problemDetail(WebApplicationException e) {
        try {
            JsonNode problem = e.getResponse().readEntity(JsonNode.class);
            return problem.path("detail").asText(problem.path("title").asText(e.getMessage()));
        } catch (RuntimeException unreadable) {
            return e.getMessage();
        }
    }
}
