package io.traverse.openstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jboss.logging.Logger;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.ObjectMapperSingleton;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One identity's Keystone token: authenticated on first use, shared by every thread, replaced when it is within the
 * refresh margin of its expiry or after {@link #invalidate(Token)}. Clients are made per call from the token
 * ({@code OSFactory.clientFromToken}), because an openstack4j client belongs to the thread that made it.
 */
final class TokenSession {

    private static final Logger LOG = Logger.getLogger(TokenSession.class);

    private final String authUrl;
    private final OpenStackConfig config;
    private final OpenStackConfig.Credentials credentials;
    private final String label;
    private final Clock clock;
    private final Config transport;
    private Token token;

    TokenSession(OpenStackConfig config, OpenStackConfig.Credentials credentials, String label, Clock clock) {
        this.authUrl = config.authUrl().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).orElse(null);
        this.config = config;
        this.credentials = credentials;
        this.label = label;
        this.clock = clock;
        this.transport = Config.newConfig()
                .withConnectionTimeout((int) config.connectTimeout().toMillis())
                .withReadTimeout((int) config.readTimeout().toMillis());
    }

    /** The current token, authenticating first when there is none or it expires within the margin. */
    synchronized Token token() {
        if (token == null || expiresSoon(token)) {
            token = authenticate();
        }
        return token;
    }

    /** Forgets {@code stale} (e.g. after a 401) so the next {@link #token()} authenticates again. */
    synchronized void invalidate(Token stale) {
        if (token == stale) {
            token = null;
        }
    }

    /** A client for the calling thread, on the current token, the configured region and interface. */
    OSClientV3 client() {
        OSClientV3 os = OSFactory.clientFromToken(token(), facing(), transport);
        os.useRegion(config.region());
        return os;
    }

    Facing facing() {
        Facing f = Facing.value(config.endpointInterface());
        return f == null ? Facing.PUBLIC : f;
    }

    private boolean expiresSoon(Token t) {
        if (t.getExpires() == null) {
            return false;
        }
        return clock.instant().plus(config.tokenRefreshMargin()).isAfter(t.getExpires().toInstant());
    }

    private Token authenticate() {
        if (authUrl == null) {
            throw new OpenStackException(0, "traverse.openstack.auth-url is not set");
        }
        long t0 = System.nanoTime();
        Token t;
        try {
            t = credentials.applicationCredentialId().isPresent() ? applicationCredentialLogin() : passwordLogin();
        } catch (OpenStackException e) {
            throw e;
        } catch (org.openstack4j.api.exceptions.AuthenticationException e) {
            throw new OpenStackException(e.getStatus() == 0 ? 401 : e.getStatus(),
                    "Keystone refused " + credentials.describe() + " at " + authUrl + ": " + e.getMessage());
        } catch (org.openstack4j.api.exceptions.ResponseException e) {
            throw new OpenStackException(e.getStatus(), "Keystone at " + authUrl + " failed for "
                    + credentials.describe() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new OpenStackException(0, "Keystone at " + authUrl + " did not answer: " + e, e);
        }
        Instant expires = t.getExpires() == null ? null : t.getExpires().toInstant();
        LOG.infof("OpenStack: %s token for %s, valid until %s (%d ms)", label, credentials.describe(), expires,
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
        return t;
    }

    private Token passwordLogin() {
        String user = credentials.username()
                .orElseThrow(() -> new OpenStackException(0, "traverse.openstack." + prefix() + "username is not set"));
        String password = credentials.password()
                .orElseThrow(() -> new OpenStackException(0, "traverse.openstack." + prefix() + "password is not set"));
        Identifier project = credentials.projectId().map(Identifier::byId)
                .or(() -> credentials.project().map(Identifier::byName))
                .orElseThrow(() -> new OpenStackException(0, "traverse.openstack." + prefix() + "project is not set"));
        var builder = OSFactory.builderV3().endpoint(authUrl).withConfig(transport)
                .credentials(user, password, Identifier.byName(credentials.userDomain()))
                .perspective(facing());
        builder = credentials.projectId().isPresent() ? builder.scopeToProject(project)
                : builder.scopeToProject(project, Identifier.byName(credentials.projectDomain()));
        return builder.authenticate().getToken();
    }

    /** openstack4j 3.12 cannot log in with an application credential: POST /v3/auth/tokens ourselves. */
    private Token applicationCredentialLogin() {
        String secret = credentials.applicationCredentialSecret().orElseThrow(() -> new OpenStackException(0,
                "traverse.openstack." + prefix() + "application-credential-secret is not set"));
        ObjectMapper json = ObjectMapperSingleton.getContext(KeystoneToken.class); // unwraps the root "token"
        ObjectNode body = new ObjectMapper().createObjectNode();
        ObjectNode identity = body.putObject("auth").putObject("identity");
        identity.putArray("methods").add("application_credential");
        identity.putObject("application_credential").put("id", credentials.applicationCredentialId().get())
                .put("secret", secret);
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(authUrl + "/auth/tokens"))
                    .timeout(config.readTimeout()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new OpenStackException(r.statusCode(), "Keystone refused " + credentials.describe() + " at "
                        + authUrl + " (HTTP " + r.statusCode() + ")");
            }
            KeystoneToken t = json.readValue(r.body(), KeystoneToken.class); // root "token" unwrapped by this mapper
            t.setId(r.headers().firstValue("X-Subject-Token")
                    .orElseThrow(() -> new OpenStackException(502, "Keystone answered without X-Subject-Token")));
            t.setEndpoint(authUrl);
            return t;
        } catch (IOException e) {
            throw new OpenStackException(0, "Keystone at " + authUrl + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenStackException(0, "interrupted while authenticating", e);
        }
    }

    private String prefix() {
        return "admin".equals(label) ? "admin." : "";
    }
}
