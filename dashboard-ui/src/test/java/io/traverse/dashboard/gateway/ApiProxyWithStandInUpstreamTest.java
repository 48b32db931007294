package io.traverse.dashboard.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The gateway forwards /api unchanged; migration-api is a stand-in HTTP server here (see StandInMigrationApi). */
@QuarkusTest
@WithTestResource(StandInMigrationApi.class)
class ApiProxyWithStandInUpstreamTest {

    @Test
    void forwardsMethodPathQueryAndBodyAndReturnsTheAnswerUnchanged() {
        given().contentType(ContentType.JSON).body("{\"vmId\":\"vm-42\"}")
                .when().post("/api/migrations?dryRun=true")
                .then().statusCode(202)
                .header("Location", equalTo("/api/migrations/1234"))
                .body("echo", equalTo("POST /api/migrations?dryRun=true"));
        assertEquals("POST /api/migrations?dryRun=true application/json {\"vmId\":\"vm-42\"}",
                StandInMigrationApi.LAST_REQUEST.get());
    }

    @Test
    void passesProblemDetailsThrough() {
        given().get("/api/migrations/missing").then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:traverse:problem:not-found"));
    }

    @Test
    void servesTheMonitorPage() {
        given().get("/").then().statusCode(200).body(containsString("Migration Monitor"));
    }

    @Test
    void isReadyWhenMigrationApiAnswers() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
