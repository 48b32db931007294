package io.traverse.migration.security;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Set;

/**
 * Development without an identity provider ({@code traverse.auth.mode=none}): every request is the admin
 * {@code dev-no-auth}. Says so loudly (a banner) at startup. In OIDC mode it does nothing, and it
 * complains when OIDC mode has no identity provider configured (then every call is refused with 401).
 */
@ApplicationScoped
@Priority(1)
public class NoIdentityProviderMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(NoIdentityProviderMechanism.class);
    private static final SecurityIdentity DEV = QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal("dev-no-auth"))
            .addRoles(Set.of(Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN))
            .build();

    private final AuthConfig config;

    public NoIdentityProviderMechanism(AuthConfig config) {
        this.config = config;
    }

    void warn(@Observes StartupEvent ignored) {
        if (config.mode() == AuthConfig.Mode.NONE) {
            String line = "!".repeat(100);
            LOG.warn(line);
            LOG.warn("!!  AUTHENTICATION IS OFF (traverse.auth.mode=none): every caller is the admin 'dev-no-auth'.");
            LOG.warn("!!  This is for a development stack without an identity provider. Never run it like this in production:");
            LOG.warn("!!  set TRAVERSE_AUTH_MODE=oidc and TRAVERSE_OIDC_AUTH_SERVER_URL.");
            LOG.warn(line);
        } else if (config.oidcServerUrl().filter(u -> !u.isBlank()).isEmpty()) {
            LOG.error("traverse.auth.mode=oidc but no identity provider is configured (TRAVERSE_OIDC_AUTH_SERVER_URL): "
                    + "every API call will be refused with 401.");
        }
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return config.mode() == AuthConfig.Mode.NONE ? Uni.createFrom().item(DEV) : Uni.createFrom().nullItem();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }
}
