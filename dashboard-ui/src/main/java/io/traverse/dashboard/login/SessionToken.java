package io.traverse.dashboard.login;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;

import java.util.Optional;

/**
 * The bearer token the gateway forwards upstream for a logged-in user: the access token of their OIDC session
 * (quarkus-oidc keeps it in the encrypted session cookie and refreshes it when it expires). Without login there is
 * none, and whatever {@code Authorization} header the caller sent goes through unchanged.
 */
public final class SessionToken {

    private SessionToken() {
    }

    /** {@code Bearer <access token>} of the identity's session, if it has one. */
    public static Optional<String> authorizationHeader(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return Optional.empty();
        }
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        return token == null || token.getToken() == null ? Optional.empty() : Optional.of("Bearer " + token.getToken());
    }
}
