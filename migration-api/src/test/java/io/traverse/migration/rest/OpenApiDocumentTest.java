package io.traverse.migration.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.traverse.migration.support.FakeInventory;
import io.traverse.testbed.TraverseTestbed;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API reference in the repository, docs/api/openapi.yaml, is the OpenAPI document this build of migration-api
 * serves at /q/openapi. When the API changes, regenerate it:
 * {@code ./mvnw -pl migration-api -am verify -Dtest=OpenApiDocumentTest -Dsurefire.failIfNoSpecifiedTests=false -Dtraverse.openapi.write=true}.
 * (Same test resources as MappingResourceTest, so Quarkus is not started once more for this.)
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(FakeInventory.class)
@TestSecurity(user = "ada", roles = "viewer")
class OpenApiDocumentTest {

    static final Path DOCUMENT = repositoryRoot().resolve("docs/api/openapi.yaml");

    @Test
    void theCommittedApiReferenceIsWhatTheServiceServes() throws IOException {
        String served = given().accept("application/yaml").get("/q/openapi?format=yaml").then().statusCode(200).extract().asString();
        assertTrue(served.contains("/api/plans/{id}/start"), "the document describes the real endpoints");
        if (Boolean.getBoolean("traverse.openapi.write")) {
            Files.createDirectories(DOCUMENT.getParent());
            Files.writeString(DOCUMENT, served);
        }
        assertTrue(Files.exists(DOCUMENT), DOCUMENT + " is missing: run this test with -Dtraverse.openapi.write=true");
        assertEquals(Files.readString(DOCUMENT), served, DOCUMENT + " is stale: the API changed. Regenerate it with "
                + "-Dtraverse.openapi.write=true (see this test's comment) and commit it with the change");
    }

    private static Path repositoryRoot() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        return module.getParent();
    }
}
