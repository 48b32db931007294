package io.traverse.dashboard.login;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The HTTP permission {@code login} (application.properties puts every path but {@code /q/*} under it): in OIDC mode
 * a visitor without a session is denied, which makes quarkus-oidc send them to the identity provider's login page
 * (authorization code flow) and back; with {@code traverse.auth.mode=none} everyone passes.
 */
@ApplicationScoped
public class LoginPolicy implements HttpSecurityPolicy {

    private static final Logger LOG = Logger.getLogger(LoginPolicy.class);

    private final AuthConfig config;

    public LoginPolicy(AuthConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "login";
    }

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
                                            AuthorizationRequestContext requestContext) {
        if (config.mode() == AuthConfig.Mode.NONE) {
            return Uni.createFrom().item(CheckResult.PERMIT);
        }
        return identity.map(id -> id.isAnonymous() ? CheckResult.DENY : CheckResult.PERMIT);
    }

    void explain(@Observes StartupEvent ignored) {
        if (config.mode() == AuthConfig.Mode.NONE) {
            LOG.warn("Login is off (traverse.auth.mode=none): anyone who reaches the dashboard uses it as migration-api "
                    + "lets them (a development stack). Set TRAVERSE_AUTH_MODE=oidc and TRAVERSE_OIDC_AUTH_SERVER_URL for login.");
        } else if (config.oidcServerUrl().filter(u -> !u.isBlank()).isEmpty()) {
            LOG.error("traverse.auth.mode=oidc but no identity provider is configured (TRAVERSE_OIDC_AUTH_SERVER_URL): "
                    + "nobody can log in and every page is refused.");
        }
    }
}
