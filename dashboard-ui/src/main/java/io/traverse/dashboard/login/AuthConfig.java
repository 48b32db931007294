package io.traverse.dashboard.login;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Whether the gateway logs users in ({@code traverse.auth.*}, the same keys and environment variables as
 * migration-api's, so one {@code TRAVERSE_AUTH_MODE} switches the whole stack).
 */
@ConfigMapping(prefix = "traverse.auth")
public interface AuthConfig {

    /** Authentication modes. */
    enum Mode {
        /** Login through the OIDC provider at {@code quarkus.oidc.auth-server-url} (authorization code flow). */
        OIDC,
        /** No login: a development stack, whose migration-api runs without authentication too. */
        NONE
    }

    /** OIDC in production; NONE for a development stack ({@code ./traverse up}). */
    @WithDefault("oidc")
    Mode mode();

    /** The identity provider's URL, to complain at startup when OIDC mode has none. */
    Optional<String> oidcServerUrl();
}
