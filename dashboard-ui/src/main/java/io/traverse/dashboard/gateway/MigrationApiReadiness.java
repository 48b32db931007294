package io.traverse.dashboard.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The gateway is only useful when migration-api answers: ready means its liveness endpoint says UP. */
@Readiness
@ApplicationScoped
public class MigrationApiReadiness implements HealthCheck {

    private final GatewayConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public MigrationApiReadiness(GatewayConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var check = HealthCheckResponse.named("migration-api").withData("url", config.migrationApiUrl().toString());
        try {
            URI live = URI.create(config.migrationApiUrl().toString().replaceAll("/$", "") + "/q/health/live");
            int status = http.send(HttpRequest.newBuilder(live).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            return check.status(status == 200).withData("status", status).build();
        } catch (Exception e) {
            return check.down().withData("error", String.valueOf(e.getMessage())).build();
        } 
    }
}
