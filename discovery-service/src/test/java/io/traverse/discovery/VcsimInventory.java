package io.traverse.discovery;

import io.restassured.http.ContentType;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Test helpers over the REST API of the service under test (vcsim's integration-guide inventory). */
public final class VcsimInventory {

    private VcsimInventory() {
    }

    /** Syncs the mirror with vcsim now. */
    public static void refresh() {
        given().post("/api/inventory/refresh").then().statusCode(200);
    }

    /** The managed object id of the VM with this exact name. */
    public static String vmId(String name) {
        List<Map<String, Object>> items = given().queryParam("name", name).queryParam("size", 1000)
                .get("/api/inventory/vms").then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath().getList("items");
        return items.stream().filter(i -> name.equals(i.get("name"))).map(i -> (String) i.get("id")).findFirst()
                .orElseThrow(() -> new AssertionError("no VM named " + name + " in the mirror"));
    }
}
