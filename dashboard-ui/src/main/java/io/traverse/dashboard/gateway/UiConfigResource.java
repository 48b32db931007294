package io.traverse.dashboard.gateway;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What the web app needs to know before its first API call: the header's branding. */
@Path("/ui-config.json")
public class UiConfigResource {

    /** The branding of the header, e.g. {@code {"product":"FFP","title":"Migration Monitor"}}. */
    public record UiConfig(String product, String title) {
    }

    private final GatewayConfig config;

    public UiConfigResource(GatewayConfig config) {
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public UiConfig get() {
        return new UiConfig(config.branding().product(), config.branding().title());
    }
}
