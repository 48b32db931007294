package io.traverse.dashboard.browser;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.testbed.keycloak.Keycloak;
import io.traverse.testbed.keycloak.KeycloakTestResource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

/**
 * Login for real: the gateway in OIDC mode (authorization code flow) at the testbed's Keycloak, migration-api
 * checking the bearer tokens the gateway forwards ({@link RealBackends} with {@code auth=oidc}). In a browser, a
 * viewer logs in on Keycloak's login page, sees the dashboard with their name and role and every control that changes
 * something disabled, and is refused by migration-api when they try anyway; they log out, and an admin logs in and may
 * reset. One test: Keycloak's start is the expensive part, and this is the only browser test that needs it.
 */
@QuarkusTest
@WithTestResource(value = KeycloakTestResource.class, initArgs = @ResourceArg(name = "client", value = Keycloak.DASHBOARD_CLIENT))
@WithTestResource(value = RealBackends.class, initArgs = @ResourceArg(name = "auth", value = "oidc"))
class LoginBrowserTest {

    @TestHTTPResource("/")
    URI gateway;

    @Test
    void aViewerLogsInThroughKeycloakSeesTheDashboardReadOnlyThenAnAdminMayReset() throws Exception {
        BrowserScene.run(gateway, "login", Map.of(
                "VIEWER", Keycloak.User.VIEWER.username() + ":" + Keycloak.User.VIEWER.password(),
                "ADMIN", Keycloak.User.ADMIN.username() + ":" + Keycloak.User.ADMIN.password()));
    }
}
