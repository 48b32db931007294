package io.traverse.flavor;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.traverse.events.EventEnvelope;
import io.traverse.events.Firmware;
import io.traverse.events.TargetFlavor;
import io.traverse.events.Topics;
import io.traverse.events.VmSized;
import io.traverse.flavor.client.NovaFlavorClient;
import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.TraverseTestbed;
import io.traverse.testbed.openstack.OpenStackTestResource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Auto-create on, against the real testbed (the admin identity creates, the member then sees the private flavor):
 * 4 vCPU / 16 GB gets {@code traverse-4c-16g} once, and a second VM of that size reuses it. The flavor is deleted
 * before and after (only if it carries Traverse's extra spec).
 */
@QuarkusTest
@TestProfile(AutoCreateTest.AutoCreateOn.class)
@WithTestResource(TraverseTestbed.class)
@WithTestResource(OpenStackTestResource.class)
class AutoCreateTest {

    public static class AutoCreateOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("traverse.flavor.auto-create.enabled", "true");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    NovaFlavorClient nova;

    @BeforeEach
    @AfterEach
    void deleteTheTestFlavor() {
        nova.findAsAdmin("traverse-4c-16g").ifPresent(nova::deleteAutoCreated);
    }

    @Test
    void createsTraverse4c16gOnceAndReusesIt() {
        given().queryParam("vcpus", 4).queryParam("ramMb", 16384).get("/api/flavors/match").then().statusCode(200)
                .body("how", org.hamcrest.Matchers.equalTo("AUTO_CREATED"));
        assertTrue(nova.findAsAdmin("traverse-4c-16g").isEmpty(), "a preview never creates");

        TargetFlavor first = sized(FlavorTestVms.discovered(4, 16384, Firmware.BIOS, null));
        assertEquals("traverse-4c-16g", first.name());
        assertTrue(first.autoCreated());
        assertEquals(4, first.vcpus());
        assertEquals(16384, first.ramMb());
        assertEquals(0, first.diskGb());

        TargetFlavor second = sized(FlavorTestVms.discovered(4, 16000, Firmware.BIOS, null));
        assertEquals(first.id(), second.id(), "idempotent: the same flavor, not a second one");
        assertEquals("true", nova.findAsAdmin("traverse-4c-16g").orElseThrow().extraSpecs().get("traverse:auto-created"));
        // the cache was invalidated, and the member sees the private flavor
        given().get("/api/flavors").then().statusCode(200).body("flavors.name", hasItem("traverse-4c-16g"));
    }

    private TargetFlavor sized(EventEnvelope discovered) {
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            kafka.send(discovered);
            List<EventEnvelope> sized = kafka.await(Topics.VM_SIZED, e -> discovered.migrationId().equals(e.migrationId()),
                    1, Duration.ofSeconds(60));
            assertEquals(1, sized.size(), "vm.sized for " + discovered.migrationId());
            return ((VmSized) sized.get(0).data()).flavor();
        }
    }
}
