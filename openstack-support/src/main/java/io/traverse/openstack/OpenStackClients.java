package io.traverse.openstack;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.identity.v3.Token;

import java.time.Clock;
import java.util.Optional;

/**
 * The one way into OpenStack. Authenticates once per identity, shares the token across threads, replaces it
 * {@code token-refresh-margin} before it expires (or after {@link #invalidate()}), and hands out an openstack4j client
 * per call: an {@code OSClientV3} is bound to the thread that made it, so take a fresh one per unit of work and never
 * keep it in a field.
 *
 * <pre>{@code
 * List<? extends Flavor> flavors = clients.client().compute().flavors().list();
 * JsonNode ports = clients.rest().get("network", "/v2.0/ports?tags=" + TraverseTags.migrationTag(id));
 * }</pre>
 *
 * Calls that openstack4j 3.12 lacks (Neutron tags and description on create, volume metadata after create, ...) go
 * through {@link #rest()} with the same token.
 */
@ApplicationScoped
public class OpenStackClients {

    private final OpenStackConfig config;
    private final TokenSession member;
    private final Optional<TokenSession> admin;

    @Inject
    public OpenStackClients(OpenStackConfig config) {
        this(config, Clock.systemUTC());
    }

    /** For tests that need to move time. */
    public OpenStackClients(OpenStackConfig config, Clock clock) {
        this.config = config;
        this.member = new TokenSession(config, config.credentials(), "member", clock);
        // the group is "present" as soon as a default applies, so it counts only with an identity in it
        this.admin = config.admin().filter(a -> a.username().isPresent() || a.applicationCredentialId().isPresent())
                .map(a -> new TokenSession(config, a, "admin", clock));
    }

    /** A client for the calling thread, as the main identity ({@code traverse.openstack.*}). */
    public OSClientV3 client() {
        return member.client();
    }

    /** A client for the calling thread as {@code traverse.openstack.admin.*}, when that identity is configured. */
    public Optional<OSClientV3> adminClient() {
        return admin.map(TokenSession::client);
    }

    /** Raw JSON calls as the main identity, for what openstack4j 3.12 cannot do. */
    public OpenStackRest rest() {
        return new OpenStackRest(member, config);
    }

    /** Raw JSON calls as the admin identity, when configured. */
    public Optional<OpenStackRest> adminRest() {
        return admin.map(a -> new OpenStackRest(a, config));
    }

    /** The main identity's current token (authenticating if needed); throws {@link OpenStackException} if it cannot. */
    public Token token() {
        return member.token();
    }

    /** The project the main identity's token is scoped to. */
    public String projectId() {
        Token t = member.token();
        return t.getProject() == null ? null : t.getProject().getId();
    }

    /** Forgets the tokens, e.g. after OpenStack answered 401; the next call authenticates again. */
    public void invalidate() {
        member.invalidate(member.token());
        admin.ifPresent(a -> a.invalidate(a.token()));
    }

    public OpenStackConfig config() {
        return config;
    }
}
