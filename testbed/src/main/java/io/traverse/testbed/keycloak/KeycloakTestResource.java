package io.traverse.testbed.keycloak;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.traverse.testbed.SharedTestbed;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code @WithTestResource(KeycloakTestResource.class)}: the test JVM's Keycloak ({@link Keycloak}, started once per
 * JVM and shared) as the service's identity provider. Returns {@code quarkus.oidc.auth-server-url} (the realm),
 * {@code quarkus.oidc.tenant-enabled=true}, {@code quarkus.oidc.client-id} and {@code quarkus.oidc.credentials.secret}
 * of the client named by init arg {@code client} (default migration-api's, {@value Keycloak#API_CLIENT}; the gateway
 * passes {@value Keycloak#DASHBOARD_CLIENT}), {@code traverse.auth.mode=oidc} with
 * {@code traverse.auth.oidc-server-url}, and {@code traverse.keycloak.url} / {@code traverse.keycloak.realm-url} for
 * the test to fetch tokens with ({@link Keycloak#accessToken(String, Keycloak.User)}).
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    private String client = Keycloak.API_CLIENT;

    @Override
    public void init(Map<String, String> initArgs) {
        client = initArgs.getOrDefault("client", Keycloak.API_CLIENT);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> kc = SharedTestbed.keycloakConfig();
        String realm = kc.get("traverse.keycloak.realm-url");
        Map<String, String> config = new HashMap<>(kc);
        config.put("quarkus.oidc.auth-server-url", realm);
        config.put("quarkus.oidc.tenant-enabled", "true");
        config.put("quarkus.oidc.client-id", client);
        config.put("quarkus.oidc.credentials.secret",
                Keycloak.DASHBOARD_CLIENT.equals(client) ? Keycloak.DASHBOARD_SECRET : Keycloak.API_SECRET);
        config.put("traverse.auth.mode", "oidc");
        config.put("traverse.auth.oidc-server-url", realm);
        return config;
    }

    @Override
    public void stop() {
        // shared for the whole JVM; SharedTestbed stops it at exit
    }
}
