package io.traverse.migration.security;

/**
 * The three roles of a bearer token (claim {@code roles}, or Keycloak's {@code realm_access.roles}/{@code groups}):
 * a viewer reads, an operator migrates, an admin also edits mappings and resets the demo environment. Higher roles
 * are listed explicitly on every endpoint, so a token needs to carry only its highest role.
 */
public final class Roles {
    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
