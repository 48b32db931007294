package io.traverse.migration.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** How callers are authenticated ({@code traverse.auth.*}). */
@ConfigMapping(prefix = "traverse.auth")
public interface AuthConfig {

    /** Authentication modes. */
    enum Mode {
        /** Bearer tokens from the identity provider at {@code quarkus.oidc.auth-server-url}. */
        OIDC,
        /** No identity provider: every caller is the admin "dev-no-auth". Development only; logged loudly. */
        NONE
    }

    /** OIDC in production; NONE only for a development stack. */
    @WithDefault("oidc")
    Mode mode();

    /** The identity provider's URL, to warn when OIDC mode has none. */
    Optional<String> oidcServerUrl();
}
