package io.traverse.migration.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.traverse.migration.support.FakeInventory;
import io.traverse.testbed.TraverseTestbed;
import io.traverse.testbed.keycloak.Keycloak;
import io.traverse.testbed.keycloak.KeycloakTestResource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.traverse.migration.support.Api.freshVmId;
import static org.hamcrest.Matchers.equalTo;

/**
 * The roles with real bearer tokens from a real identity provider: the testbed's Keycloak (realm traverse, users vic /
 * olivia / ada with the roles viewer / operator / admin in {@code realm_access.roles}), migration-api in its
 * production mode ({@code traverse.auth.mode=oidc}). {@link AuthorizationTest} covers every endpoint's roles with
 * simulated identities; this proves the tokens a user really gets are read the same way.
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(FakeInventory.class)
@WithTestResource(KeycloakTestResource.class)
class KeycloakAuthorizationTest {

    private static final String START = "{\"vmId\":\"%s\",\"vmName\":\"kc-auth-vm\",\"mode\":\"COLD\"}";

    /**
     * Read when a test runs, not injected: Quarkus checks a test class's config injection points in every test
     * application of the module, and only this class's application has Keycloak, so an injected field would stop
     * any other test class run on its own (-Dtest=...) from starting.
     */
    private static String realm() {
        return ConfigProvider.getConfig().getValue("traverse.keycloak.realm-url", String.class);
    }

    @Test
    void withoutATokenOrWithAForgedOneTheApiAnswers401() {
        given().get("/api/migrations").then().statusCode(401);
        given().auth().oauth2("not-a-token").get("/api/migrations").then().statusCode(401);
        String viewer = Keycloak.accessToken(realm(), Keycloak.User.VIEWER);
        String forged = viewer.substring(0, viewer.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        given().auth().oauth2(forged).get("/api/migrations").then().statusCode(401);
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aViewersTokenReadsButCannotStartAMigration() {
        String token = Keycloak.accessToken(realm(), Keycloak.User.VIEWER);
        given().auth().oauth2(token).get("/api/migrations").then().statusCode(200);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(START.formatted(freshVmId()))
                .post("/api/migrations").then().statusCode(403);
    }

    @Test
    void anOperatorsTokenStartsAMigrationInTheOperatorsNameButCannotReset() {
        String token = Keycloak.accessToken(realm(), Keycloak.User.OPERATOR);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(START.formatted(freshVmId()))
                .post("/api/migrations").then().statusCode(202).body("requestedBy", equalTo("olivia"));
        given().auth().oauth2(token).post("/api/admin/reset").then().statusCode(403);
    }

    @Test
    void anAdminsTokenEditsMappings() {
        String token = Keycloak.accessToken(realm(), Keycloak.User.ADMIN);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\":\"kc-" + freshVmId() + "\",\"clusters\":[],\"datastores\":[],\"networks\":[]}")
                .post("/api/mappings?skipInventoryCheck=true").then().statusCode(201);
    }
}
