package io.traverse.discovery.vcenter;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.testbed.TraverseTestbed;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** vCenter (a vcsim that checks credentials) rejects the configured password: not ready, clear message, no crash. */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(CredentialCheckingVcsim.class)
class WrongCredentialsTest {

    @Test
    void wrongPasswordMakesReadinessDownWithAClearMessage() {
        String body = given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'vCenter connection' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'vCenter connection' }.data.state", equalTo("AUTHENTICATION_FAILED"))
                .body("checks.find { it.name == 'vCenter connection' }.data.error",
                        containsString("rejected the user name or password of 'traverse'"))
                .extract().asString();
        org.hamcrest.MatcherAssert.assertThat("the password is never shown", body,
                not(containsString(CredentialCheckingVcsim.WRONG_PASSWORD)));
        given().get("/q/health/live").then().statusCode(200);
        given().post("/api/inventory/refresh").then().statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("InvalidLogin"))
                .body("detail", not(containsString(CredentialCheckingVcsim.WRONG_PASSWORD)));
        given().get("/q/health/ready").then().body("checks.name", hasItem("vCenter connection"));
    }
}
