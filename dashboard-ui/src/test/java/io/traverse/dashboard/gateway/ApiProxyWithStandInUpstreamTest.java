package io.traverse.dashboard.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The gateway forwards /api unchanged; migration-api is a stand-in HTTP server here (see StandInMigrationApi). */
@QuarkusTest
@WithTestResource(StandInMigrationApi.class)
class ApiProxyWithStandInUpstreamTest {

    @TestHTTPResource("/api/fleet/events")
    URI eventStream;

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
    void sendsInventoryReadsToDiscoveryService() {
        given().get("/api/inventory/vms?cluster=DC0_C0").then().statusCode(200)
                .body("echo", equalTo("GET /discovery/api/inventory/vms?cluster=DC0_C0"));
    }

    @Test
    void sendsTargetInstancesToLaunchServiceAndFlavorsToFlavorService() {
        given().get("/api/target/instances").then().statusCode(200)
                .body("echo", equalTo("GET /launch/api/target/instances"));
        given().get("/api/flavors").then().statusCode(200).body("echo", equalTo("GET /flavor/api/flavors"));
        given().get("/api/flavorsx").then().statusCode(200).body("echo", equalTo("GET /api/flavorsx"));
    }

    @Test
    void onlyReadsFromLaunchAndFlavorServiceWhichCheckNoRoles() {
        StandInMigrationApi.LAST_REQUEST.set("nothing");
        given().post("/api/flavors/refresh").then().statusCode(405).header("Allow", "GET")
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("only reads from flavor-service"));
        given().contentType(ContentType.JSON).body("{}").post("/api/target/instances").then().statusCode(405);
        assertEquals("nothing", StandInMigrationApi.LAST_REQUEST.get(), "nothing reached the services");
    }

    @Test
    void withoutLoginTellsThePageThatEveryRoleIsAllowed() {
        given().get("/ui-session.json").then().statusCode(200)
                .body("authMode", equalTo("none"))
                .body("roles", org.hamcrest.Matchers.contains("viewer", "operator", "admin"));
    }

    @Test
    void streamsServerSentEventsAsTheyComeInsteadOfBuffering() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(eventStream)
                .header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .get(20, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode());
        assertEquals("text/event-stream", answer.headers().firstValue("Content-Type").orElse(""));
        Iterator<String> lines = answer.body().iterator();
        // the upstream holds the second event back until the first has arrived here: buffering would hang
        assertEquals("data: {\"n\":1}", lines.next());
        StandInMigrationApi.FIRST_EVENT_SEEN.countDown();
        assertEquals("", lines.next());
        assertEquals("data: {\"n\":2}", lines.next());
    }

    @Test
    void servesTheWebApp() {
        given().get("/").then().statusCode(200).body(containsString("<div id=\"root\">"));
    }

    @Test
    void servesTheBrandingOfTheHeader() {
        given().get("/ui-config.json").then().statusCode(200)
                .body("product", equalTo("FFP")).body("title", equalTo("Migration Monitor"));
    }

    @Test
    void isReadyWhenMigrationApiAnswers() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
