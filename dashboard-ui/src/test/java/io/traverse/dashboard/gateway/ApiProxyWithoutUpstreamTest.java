package io.traverse.dashboard.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** With migration-api down the browser gets an answer it can show, and the gateway reports not ready. */
@QuarkusTest
@WithTestResource(UnreachableMigrationApi.class)
class ApiProxyWithoutUpstreamTest {

    @Test
    void answers502WithProblemDetails() {
        given().get("/api/migrations").then().statusCode(502)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:traverse:problem:upstream-unavailable"))
                .body("detail", containsString("not reachable"));
    }

    @Test
    void isNotReady() {
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
    }
}
