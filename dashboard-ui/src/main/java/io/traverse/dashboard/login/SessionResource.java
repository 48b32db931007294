package io.traverse.dashboard.login;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * Who is logged in, for the header ("ada · admin · Log out") and for which controls the page enables. The roles are
 * the token's as migration-api will read them; migration-api still decides every call.
 */
@Path("/ui-session.json")
public class SessionResource {

    /** The roles Traverse knows, lowest first. */
    static final List<String> ROLES = List.of("viewer", "operator", "admin");

    /**
     * @param authMode   {@code oidc} or {@code none}
     * @param user       the user's name (the token's preferred user name); null without login
     * @param roles      the Traverse roles the user has; all three without login (migration-api then lets everyone do everything)
     * @param logoutPath where "Log out" goes (ends the session here and at the identity provider); null without login
     */
    public record Session(String authMode, String user, List<String> roles, String logoutPath) {
    }

    private final AuthConfig config;
    private final SecurityIdentity identity;

    public SessionResource(AuthConfig config, SecurityIdentity identity) {
        this.config = config;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Session get() {
        if (config.mode() == AuthConfig.Mode.NONE) {
            return new Session("none", null, ROLES, null);
        }
        return new Session("oidc", identity.getPrincipal().getName(),
                ROLES.stream().filter(identity::hasRole).toList(), "/logout");
    }
}
