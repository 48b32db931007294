package io.traverse.migration.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.traverse.migration.support.FakeInventory;
import io.traverse.testbed.TraverseTestbed;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Infrastructure mappings, validated against the (fake) inventory of discovery-service. */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(FakeInventory.class)
@TestSecurity(user = "ada", roles = "admin")
class MappingResourceTest {

    static Map<String, Object> mapping(String name, String network) {
        return Map.of("name", name, "description", "wizard",
                "clusters", List.of(Map.of("sources", List.of("DC0_C0", "DC0_C1"), "target", "nova")),
                "datastores", List.of(Map.of("sources", List.of("LocalDS_0"), "target", "__DEFAULT__")),
                "networks", List.of(Map.of("sources", List.of(network), "target", "frontier-net")));
    }

    @Test
    void aMappingIsCreatedReadReplacedAndDeleted() {
        String name = "map-" + UUID.randomUUID();
        String id = given().contentType(ContentType.JSON).body(mapping(name, "DC0_DVPG0")).post("/api/mappings")
                .then().statusCode(201).body("clusters[0].sources", hasItem("DC0_C1")).extract().path("id");
        given().get("/api/mappings/" + id).then().statusCode(200).body("name", equalTo(name)).body("version", equalTo(1));
        given().contentType(ContentType.JSON).body(mapping(name, "VM Network")).put("/api/mappings/" + id)
                .then().statusCode(200).body("networks[0].sources", hasItem("VM Network")).body("version", equalTo(2));
        given().contentType(ContentType.JSON).body(mapping(name, "DC0_DVPG0")).post("/api/mappings")
                .then().statusCode(409);
        given().delete("/api/mappings/" + id).then().statusCode(204);
        given().get("/api/mappings/" + id).then().statusCode(404);
    }

    @Test
    void sourcesTheInventoryDoesNotKnowAndSourcesMappedTwiceAreRejectedOneByOne() {
        var body = Map.of("name", "map-" + UUID.randomUUID(),
                "clusters", List.of(Map.of("sources", List.of("DC0_C9"), "target", "nova")),
                "datastores", List.of(Map.of("sources", List.of("LocalDS_0"), "target", "a"),
                        Map.of("sources", List.of("LocalDS_0"), "target", "b")),
                "networks", List.of(Map.of("sources", List.of("DC0_DVPG0"), "target", "frontier-net")));
        given().contentType(ContentType.JSON).body(body).post("/api/mappings").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:traverse:problem:invalid-mapping"))
                .body("errors.field", hasItem("clusters[0].sources"))
                .body("errors.field", hasItem("datastores[1].sources"))
                .body("detail", containsString("no source cluster 'DC0_C9'"));
    }

    @Test
    void anEmptyPairIsAValidationProblem() {
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "clusters", List.of(Map.of("sources", List.of(), "target", "")),
                        "datastores", List.of(), "networks", List.of()))
                .post("/api/mappings").then().statusCode(400).body("type", equalTo("urn:traverse:problem:validation"));
    }
}
