package io.traverse.flavor;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.events.EventEnvelope;
import io.traverse.events.Firmware;
import io.traverse.events.MigrationFailed;
import io.traverse.events.Phase;
import io.traverse.events.Topics;
import io.traverse.events.VmSized;
import io.traverse.flavor.sizing.VmSizing;
import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.SampleEvents;
import io.traverse.testbed.TraverseTestbed;
import io.traverse.testbed.openstack.OpenStackTestResource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * flavor-service end to end against the real OpenStack testbed (seeded with the guide's flavors), the real broker
 * and database: the preview API and the vm.discovered → vm.sized / migration.failed path. Auto-create is off here
 * (the default); {@link AutoCreateTest} turns it on.
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(OpenStackTestResource.class)
class FlavorServiceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    VmSizing sizing;

    @Test
    void listsTheGuidesFlavorsBestFirst() {
        given().get("/api/flavors").then().statusCode(200)
                .body("flavors.name", hasItems("m1.tiny", "m1.small-bfv", "m2.2", "m1.small", "m2.medium-bfv", "m2.4",
                        "m1.large", "m2.large-bfv", "m8.20"))
                .body("flavors[0].name", equalTo("m1.tiny"));
    }

    @Test
    void previewsMatchesAsTheGuideSays() {
        match(1, 32).body("flavor.name", equalTo("m1.tiny")).body("how", equalTo("MATCHED"));
        match(1, 2048).body("flavor.name", equalTo("m1.small-bfv"));
        match(2, 2048).body("flavor.name", equalTo("m2.2")).body("candidates[0].name", equalTo("m2.2"));
        given().queryParam("vcpus", 2).queryParam("ramMb", 1024).queryParam("override", "m8.20")
                .get("/api/flavors/match").then().statusCode(200)
                .body("flavor.name", equalTo("m8.20")).body("how", equalTo("OVERRIDE"));
    }

    @Test
    void previewOfAVmNothingFitsIsAProblemNamingItsSizeAndTheLargestFlavor() {
        given().queryParam("vcpus", 4).queryParam("ramMb", 16384).get("/api/flavors/match").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:traverse:problem:no-flavor-fits"))
                .body("detail", containsString("4 vCPU / 16384 MB"))
                .body("detail", containsString("m8.20 (4 vCPU, 8192 MB"))
                .body("detail", containsString("traverse-4c-16g"));
    }

    @Test
    void badPreviewInputIsA400() {
        given().queryParam("vcpus", 0).queryParam("ramMb", 512).get("/api/flavors/match").then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("ramMb", 512).get("/api/flavors/match").then().statusCode(400);
        given().queryParam("vcpus", 1).queryParam("ramMb", "lots").get("/api/flavors/match").then().statusCode(400);
    }

    @Test
    void sizesADiscoveredVmOnceEvenWhenKafkaDeliversTwice() {
        EventEnvelope discovered = SampleEvents.forNewMigration().vmDiscovered(); // 1 vCPU / 32 MB
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            kafka.send(discovered);
            kafka.send(discovered);
            assertEquals(1, kafka.await(Topics.VM_SIZED, e -> discovered.migrationId().equals(e.migrationId()),
                    1, Duration.ofSeconds(30)).size());
            List<EventEnvelope> sized = kafka.await(Topics.VM_SIZED, e -> discovered.migrationId().equals(e.migrationId()),
                    2, Duration.ofSeconds(5));
            assertEquals(1, sized.size(), "one vm.sized for a redelivered vm.discovered");
            VmSized s = (VmSized) sized.get(0).data();
            assertEquals("m1.tiny", s.flavor().name());
            assertFalse(s.flavor().autoCreated());
            assertEquals(256, s.flavor().ramMb());
            assertEquals("flavor-service", sized.get(0).source());
        }
        assertEquals("m1.tiny", sizing.recordedFlavor(discovered.migrationId()).orElseThrow());
    }

    @Test
    void thePlansOverrideWins() {
        assertSized(FlavorTestVms.discovered(1, 32, Firmware.BIOS, "m2.4"), "m2.4");
    }

    @Test
    void efiVmSkipsNothingInTheGuideAndGetsTheSameMatch() {
        assertSized(FlavorTestVms.discovered(2, 2048, Firmware.EFI, null), "m2.2");
    }

    @Test
    void anUnknownOverrideFailsTheVmForAPerson() {
        MigrationFailed f = assertFailed(FlavorTestVms.discovered(1, 32, Firmware.BIOS, "no-such-flavor"));
        assertTrue(f.reason().contains("no-such-flavor"), f.reason());
        assertFalse(f.retryable());
    }

    @Test
    void aVmNothingFitsFailsNamingItsSizeAndTheLargestFlavor() {
        MigrationFailed f = assertFailed(FlavorTestVms.discovered(4, 16384, Firmware.BIOS, null));
        assertEquals(Phase.SIZING, f.phase());
        assertFalse(f.retryable());
        assertTrue(f.reason().contains("4 vCPU / 16384 MB"), f.reason());
        assertTrue(f.reason().contains("the largest flavor is m8.20 (4 vCPU, 8192 MB, disk 0 GB)"), f.reason());
    }

    @Test
    void readinessIncludesOpenStack() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("OpenStack target"));
    }

    private void assertSized(EventEnvelope discovered, String flavor) {
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            kafka.send(discovered);
            List<EventEnvelope> sized = kafka.await(Topics.VM_SIZED, e -> discovered.migrationId().equals(e.migrationId()),
                    1, Duration.ofSeconds(30));
            assertEquals(1, sized.size());
            assertEquals(flavor, ((VmSized) sized.get(0).data()).flavor().name());
        }
    }

    private MigrationFailed assertFailed(EventEnvelope discovered) {
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            kafka.send(discovered);
            UUID id = discovered.migrationId();
            List<EventEnvelope> failed = kafka.await(Topics.MIGRATION_FAILED, e -> id.equals(e.migrationId()), 1,
                    Duration.ofSeconds(30));
            assertEquals(1, failed.size());
            return (MigrationFailed) failed.get(0).data();
        }
    }

    private static io.restassured.response.ValidatableResponse match(int vcpus, long ramMb) {
        return given().queryParam("vcpus", vcpus).queryParam("ramMb", ramMb).get("/api/flavors/match").then()
                .statusCode(200);
    }
}
