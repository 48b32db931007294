package io.traverse.dashboard.gateway;

import java.net.URI;

/** Which service answers a path under {@code /api}: the one place that decides it. */
enum Upstream {
    MIGRATION_API("migration-api"),
    DISCOVERY("discovery-service");

    private final String serviceName;

    Upstream(String serviceName) {
        this.serviceName = serviceName;
    }

    String serviceName() {
        return serviceName;
    }

    static Upstream of(String rawPath) {
        return rawPath.equals("/api/inventory") || rawPath.startsWith("/api/inventory/") ? DISCOVERY : MIGRATION_API;
    }

    URI baseUrl(GatewayConfig config) {
        return this == DISCOVERY ? config.discoveryUrl() : config.migrationApiUrl();
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
