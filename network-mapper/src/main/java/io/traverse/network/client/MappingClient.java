package io.traverse.network.client;

import io.traverse.network.config.MigrationApiConfig;
import io.traverse.network.mapping.InfraMapping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Infrastructure mappings from migration-api, which owns them. Each call times out after 5 s and is retried twice;
 * after repeated failures the circuit opens and calls fail fast for 10 s. An unknown mapping is empty; a refusal
 * (401/403: no or wrong token, or a token without the viewer role) is {@link MigrationApiRefusedException}, which is
 * neither retried nor counted against the circuit, because only a person can fix it. Anything else (not reachable,
 * 5xx, timeout, open circuit) is thrown as it is and means "try again later".
 */
@ApplicationScoped
public class MappingClient {

    private final MigrationApi api;
    private final MigrationApiConfig config;

    public MappingClient(@RestClient MigrationApi api, MigrationApiConfig config) {
        this.api = api;
        this.config = config;
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500, abortOn = MigrationApiRefusedException.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = MigrationApiRefusedException.class)
    public Optional<InfraMapping> mapping(UUID id) {
        try {
            return Optional.of(api.mapping(id, config.token().filter(t -> !t.isBlank()).map(t -> "Bearer " + t)
                    .orElse(null)));
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                return Optional.empty();
            }
            if (status == 401 || status == 403) {
                throw new MigrationApiRefusedException("migration-api refused to give network-mapper mapping " + id
                        + " (HTTP " + status + "): set TRAVERSE_MIGRATION_API_TOKEN to a token with the viewer role "
                        + "(or run migration-api with TRAVERSE_AUTH_MODE=none on a development stack)");
            }
            throw e;
        }
    }
}
