package io.traverse.dashboard.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;

/** Where the gateway forwards API calls. */
@ConfigMapping(prefix = "traverse.gateway")
public interface GatewayConfig {

    /** Base URL of migration-api, e.g. {@code http://migration-api:8090}; {@code /api/...} is appended as is. */
    URI migrationApiUrl();

    /** How long one proxied call may take before the browser gets a 504. */
    @WithDefault("30s")
    Duration timeout();
}
