package io.traverse.network.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** How network-mapper reaches migration-api, which owns the infrastructure mappings: {@code traverse.migration-api.*}. */
@ConfigMapping(prefix = "traverse.migration-api")
public interface MigrationApiConfig {

    /** Base URL of migration-api, e.g. {@code http://migration-api:8090} (env {@code TRAVERSE_MIGRATION_API_URL}). */
    @WithDefault("http://127.0.0.1:8090")
    String url();

    /**
     * Bearer token sent as {@code Authorization: Bearer <token>} (env {@code TRAVERSE_MIGRATION_API_TOKEN}, from a
     * Secret): a token of the identity provider for network-mapper's service account with at least the role
     * {@code viewer}. Unset: no header, which only works against a migration-api with {@code TRAVERSE_AUTH_MODE=none}.
     * Never logged.
     */
    Optional<String> token();
}
