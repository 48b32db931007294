package io.traverse.openstack;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when Keystone gives the configured identity a token (the cached one while it is valid, so the check
 * costs nothing most of the time). The answer names the endpoint and the identity, never a secret.
 * {@code traverse.openstack.health.enabled=false} turns the check into a constant UP.
 */
@Readiness
@ApplicationScoped
public class OpenStackReadinessCheck implements HealthCheck {

    private final OpenStackClients clients;

    public OpenStackReadinessCheck(OpenStackClients clients) {
        this.clients = clients;
    }

    @Override
    public HealthCheckResponse call() {
        var r = HealthCheckResponse.named("OpenStack target");
        OpenStackConfig config = clients.config();
        if (!config.healthEnabled()) {
            return r.up().withData("check", "disabled").build();
        }
        r.withData("authUrl", config.authUrl().orElse("(not set)")).withData("region", config.region())
                .withData("identity", config.credentials().describe());
        try {
            var token = clients.token();
            return r.up().withData("project", String.valueOf(clients.projectId()))
                    .withData("tokenExpires", String.valueOf(token.getExpires() == null ? null
                            : token.getExpires().toInstant()))
                    .build();
        } catch (OpenStackException e) {
            return r.down().withData("error", e.getMessage()).build();
        }
    }
}
