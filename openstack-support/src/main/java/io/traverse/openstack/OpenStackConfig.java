package io.traverse.openstack;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where the OpenStack target is and who Traverse is there: {@code traverse.openstack.*}. Secrets (password,
 * application credential secret) come only from the environment or a Kubernetes Secret, e.g.
 * {@code TRAVERSE_OPENSTACK_PASSWORD}, and are never logged: use {@link #describe()} to print this configuration.
 */
@ConfigMapping(prefix = "traverse.openstack")
public interface OpenStackConfig {

    /** Keystone v3 URL, e.g. {@code http://openstack:5000/v3}. Unset: no OpenStack calls, readiness DOWN. */
    Optional<String> authUrl();

    /** Region whose endpoints are used. */
    @WithDefault("RegionOne")
    String region();

    /** Catalog interface of the endpoints: {@code public}, {@code internal} or {@code admin}. */
    @WithName("interface")
    @WithDefault("public")
    String endpointInterface();

    /** The identity Traverse works as (keys directly under {@code traverse.openstack.}). */
    @WithParentName
    Credentials credentials();

    /**
     * An optional second, more privileged identity ({@code traverse.openstack.admin.*}), for what the main one may
     * not do (e.g. create a flavor). Absent: those features report that they are not allowed.
     */
    Optional<Credentials> admin();

    /** A token is replaced this long before Keystone says it expires. */
    @WithDefault("PT10M")
    Duration tokenRefreshMargin();

    /** TCP connect timeout of every OpenStack call. */
    @WithDefault("PT10S")
    Duration connectTimeout();

    /** Read timeout of every OpenStack call. */
    @WithDefault("PT60S")
    Duration readTimeout();

    /**
     * Name patterns ({@code *} and {@code ?} wildcards, case-sensitive) of target resources Traverse never modifies
     * or deletes, whoever created them. Resources whose metadata say {@code traverse-protected=true} are protected too.
     */
    @WithName("protected-name-patterns")
    @WithDefault("ffp-vdi-*")
    List<String> protectedNamePatterns();

    /** Whether the readiness check asks Keystone for a token ({@code false}: the check is not reported as DOWN). */
    @WithName("health.enabled")
    @WithDefault("true")
    boolean healthEnabled();

    /** This configuration for a log line: no password, no secret. */
    default String describe() {
        return authUrl().orElse("(no auth-url)") + " region " + region() + " interface " + endpointInterface() + " as "
                + credentials().describe() + admin().filter(a -> a.username().isPresent() || a.applicationCredentialId().isPresent())
                .map(a -> ", admin " + a.describe()).orElse("");
    }

    /** One identity: a user with a password, or an application credential; and the project it scopes to. */
    interface Credentials {

        /** User name (password login). */
        Optional<String> username();

        /** The user's password (password login); from the environment, never logged. */
        Optional<String> password();

        /** Application credential id (used instead of user/password when set). */
        Optional<String> applicationCredentialId();

        /** Application credential secret; from the environment, never logged. */
        Optional<String> applicationCredentialSecret();

        /** Project name to scope to (password login; an application credential carries its own project). */
        Optional<String> project();

        /** Project id to scope to; wins over {@link #project()}. */
        Optional<String> projectId();

        /** Domain of the user. */
        @WithDefault("Default")
        String userDomain();

        /** Domain of the project (when scoped by name). */
        @WithDefault("Default")
        String projectDomain();

        /** Who this is, without secrets. */
        default String describe() {
            if (applicationCredentialId().isPresent()) {
                return "application credential " + applicationCredentialId().get();
            }
            return username().orElse("(no user)") + "@" + projectId().or(this::project).orElse("(no project)");
        }
    }
}
