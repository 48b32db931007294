package io.traverse.dashboard.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;

/** Where the gateway forwards API calls, and what the web app shows in its header. */
@ConfigMapping(prefix = "traverse.gateway")
public interface GatewayConfig {

    /** Base URL of migration-api, e.g. {@code http://migration-api:8090}; {@code /api/...} is appended as is. */
    URI migrationApiUrl();

    /**
     * Base URL of discovery-service, e.g. {@code http://discovery-service:8091}: {@code /api/inventory/**} goes there
     * (the vCenter inventory mirror the left pane and the Topology tab read), everything else under {@code /api} to
     * migration-api.
     */
    URI discoveryUrl();

    /**
     * Base URL of launch-service, e.g. {@code http://launch-service:8096}: {@code /api/target/**} goes there (the
     * target project's existing workloads). Read only through the gateway.
     */
    URI launchUrl();

    /**
     * Base URL of flavor-service, e.g. {@code http://flavor-service:8092}: {@code /api/flavors/**} goes there (the
     * flavor catalogue, for the specs of a matched flavor). Read only through the gateway.
     */
    URI flavorUrl();

    /** How long one proxied call may take before the browser gets a 504 (not applied to event streams). */
    @WithDefault("30s")
    Duration timeout();

    /** The header's branding, served to the web app at {@code /ui-config.json}. */
    Branding branding();

    /** The two words of the header. */
    interface Branding {
        /** The platform's short name, left in the header. */
        @WithDefault("FFP")
        String product();

        /** The page's title, beside it. */
        @WithDefault("Migration Monitor")
        String title();
    }
}
