package io.traverse.migration.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.traverse.migration.support.FakeInventory;
import io.traverse.testbed.TraverseTestbed;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.traverse.migration.support.Api.freshVmId;

/** Roles: a viewer reads, an operator migrates, an admin also edits mappings and resets. No token: 401. */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(FakeInventory.class)
class AuthorizationTest {

    private static final String START = "{\"vmId\":\"%s\",\"vmName\":\"auth-vm\",\"mode\":\"COLD\"}";
    private static final String MAPPING = "{\"name\":\"m\",\"clusters\":[],\"datastores\":[],\"networks\":[]}";

    @Test
    void withoutATokenEveryApiCallIs401ButHealthIsOpen() {
        given().get("/api/migrations").then().statusCode(401);
        given().get("/api/fleet/summary").then().statusCode(401);
        given().contentType(ContentType.JSON).body(START.formatted(freshVmId())).post("/api/migrations").then().statusCode(401);
        given().post("/mcp").then().statusCode(401);
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "vic", roles = "viewer")
    void aViewerReadsButCannotMigrate() {
        given().get("/api/migrations").then().statusCode(200);
        given().get("/api/fleet/summary").then().statusCode(200);
        given().get("/api/plans").then().statusCode(200);
        given().get("/api/mappings").then().statusCode(200);
        given().contentType(ContentType.JSON).body(START.formatted(freshVmId())).post("/api/migrations").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("name", "p", "mode", "COLD")).post("/api/plans").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "olivia", roles = "operator")
    void anOperatorMigratesButCannotEditMappingsOrReset() {
        given().contentType(ContentType.JSON).body(START.formatted(freshVmId())).post("/api/migrations").then().statusCode(202);
        given().contentType(ContentType.JSON).body(MAPPING).post("/api/mappings?skipInventoryCheck=true").then().statusCode(403);
        given().post("/api/admin/reset").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    void anAdminEditsMappings() {
        given().contentType(ContentType.JSON).body(MAPPING.replace("\"m\"", "\"m-" + freshVmId() + "\""))
                .post("/api/mappings?skipInventoryCheck=true").then().statusCode(201);
        given().get("/api/migrations").then().statusCode(200);
    }
}
