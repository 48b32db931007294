package io.traverse.dashboard.gateway;

import java.net.URI;

/** Which service answers a path under {@code /api}: the one place that decides it. */
enum Upstream {
    MIGRATION_API("migration-api", null, false),
    DISCOVERY("discovery-service", "/api/inventory", false),
    /** existing workloads on the target; launch-service has no roles of its own, so the gateway only reads */
    LAUNCH("launch-service", "/api/target", true),
    /** the flavor catalogue; read only for the same reason ({@code POST /api/flavors/refresh} stays internal) */
    FLAVOR("flavor-service", "/api/flavors", true);

    private final String serviceName;
    private final String pathPrefix;
    private final boolean readOnly;

    Upstream(String serviceName, String pathPrefix, boolean readOnly) {
        this.serviceName = serviceName;
        this.pathPrefix = pathPrefix;
        this.readOnly = readOnly;
    }

    String serviceName() {
        return serviceName;
    }

    /** Only GET is forwarded: the service behind it checks no roles, so nothing that changes state may pass. */
    boolean readOnly() {
        return readOnly;
    }

    /** {@code /api/inventory/**} → discovery-service, {@code /api/target/**} → launch-service,
     *  {@code /api/flavors/**} → flavor-service, everything else → migration-api. */
    static Upstream of(String rawPath) {
        for (Upstream u : values()) {
            if (u.pathPrefix != null && (rawPath.equals(u.pathPrefix) || rawPath.startsWith(u.pathPrefix + "/"))) {
                return u;
            }
        }
        return MIGRATION_API;
    }

    URI baseUrl(GatewayConfig config) {
        return switch (this) {
            case MIGRATION_API -> config.migrationApiUrl();
            case DISCOVERY -> config.discoveryUrl();
            case LAUNCH -> config.launchUrl();
            case FLAVOR -> config.flavorUrl();
        };
    }

    /** The upstream URL of a browser request: base URL + raw path + raw query, unchanged. */
    URI target(GatewayConfig config, String rawPath, String rawQuery) {
        String base = baseUrl(config).toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + rawPath + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
    }

    /** A problem+json body for when this upstream cannot answer. */
    String problem(int status, String detail) {
        return "{\"type\":\"urn:traverse:problem:upstream-unavailable\",\"title\":\"" + serviceName + " unavailable\","
                + "\"status\":" + status + ",\"detail\":\"" + detail.replace("\\", "/").replace("\"", "'") + "\"}";
    }
}
