package io.traverse.discovery.pipeline;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.OptionValue;
import com.vmware.vim25.VirtualMachineConfigSpec;
import com.vmware.vim25.mo.VirtualMachine;
import io.traverse.discovery.VcsimInventory;
import io.traverse.discovery.vcenter.VcenterSession;
import io.traverse.events.EventEnvelope;
import io.traverse.events.MigrationFailed;
import io.traverse.events.MigrationMode;
import io.traverse.events.MigrationRequested;
import io.traverse.events.Phase;
import io.traverse.events.SourceVm;
import io.traverse.events.Topics;
import io.traverse.events.VmDiscovered;
import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.TraverseTestbedWithVcsim;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Phase 1 over the real broker: migration.requested in, a fresh read of vcsim, vm.discovered or migration.failed out. */
@QuarkusTest
@WithTestResource(TraverseTestbedWithVcsim.class)
class VmDiscoveryTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    VcenterSession session;

    @Test
    void requestedVmIsDiscoveredWithItsFullSpec() {
        VcsimInventory.refresh();
        String id = VcsimInventory.vmId("DC0_C1_RP0_VM2");
        JsonPath mirror = given().get("/api/inventory/vms/" + id).then().statusCode(200).extract().jsonPath();
        MigrationRequested request = request(id, "DC0_C1_RP0_VM2", MigrationMode.WARM);
        EventEnvelope trigger = EventEnvelope.of("migration-api", UUID.randomUUID(), request);

        EventEnvelope out = publishAndAwait(trigger, Topics.VM_DISCOVERED);
        VmDiscovered discovered = (VmDiscovered) out.data();
        assertEquals(request, discovered.request(), "the request is carried forward");
        assertEquals("discovery-service", out.source());
        SourceVm vm = discovered.vm();
        assertEquals(id, vm.id());
        assertEquals("DC0_C1_RP0_VM2", vm.name());
        assertEquals(mirror.getString("uuid"), vm.uuid());
        assertEquals(1, vm.vcpus());
        assertEquals(32, vm.memoryMb());
        assertEquals("otherGuest", vm.guestId());
        assertEquals("DC0_C1", vm.cluster());
        assertEquals(mirror.getString("host"), vm.host());
        assertEquals("DC0", vm.datacenter());
        assertEquals(1, vm.disks().size());
        assertEquals("[LocalDS_0] DC0_C1_RP0_VM2/disk1.vmdk", vm.disks().get(0).fileName());
        assertEquals(10L << 30, vm.disks().get(0).capacityBytes());
        assertTrue(vm.disks().get(0).thin());
        assertTrue(vm.disks().get(0).controller().startsWith("pvscsi "), vm.disks().get(0).controller());
        assertEquals(1, vm.nics().size());
        assertEquals(mirror.getString("nics[0].macAddress"), vm.nics().get(0).macAddress());
        assertEquals("DC0_DVPG0", vm.nics().get(0).networkName());
        assertEquals(List.of(), vm.nics().get(0).ipAddresses(), "vcsim's guests report no address unless told to");
    }

    @Test
    void theGuestsReportedIpTravelsWithItsNic() throws Exception {
        String id = VcsimInventory.vmId("DC0_C1_RP0_VM3");
        session.call("report a guest IP as VMware Tools would (vcsim's SET.guest.ipAddress)", si -> {
            OptionValue ip = new OptionValue();
            ip.setKey("SET.guest.ipAddress");
            ip.setValue("10.20.0.77");
            VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
            spec.setExtraConfig(new OptionValue[] {ip});
            ManagedObjectReference ref = new ManagedObjectReference();
            ref.setType("VirtualMachine");
            ref.set_value(id);
            return new VirtualMachine(si.getServerConnection(), ref).reconfigVM_Task(spec).waitForTask();
        });
        VmDiscovered discovered = (VmDiscovered) publishAndAwait(EventEnvelope.of("migration-api", UUID.randomUUID(),
                request(id, "DC0_C1_RP0_VM3", MigrationMode.COLD)), Topics.VM_DISCOVERED).data();
        assertEquals(List.of("10.20.0.77"), discovered.vm().nics().get(0).ipAddresses(), "the NIC's address from guest.net");
        VcsimInventory.refresh();
        given().get("/api/inventory/vms/" + id).then().statusCode(200)
                .body("ipAddress", org.hamcrest.Matchers.equalTo("10.20.0.77"))
                .body("nics[0].ipAddresses", org.hamcrest.Matchers.contains("10.20.0.77"));
    }

    @Test
    void unknownVmFailsDiscoveryForGood() {
        EventEnvelope trigger = EventEnvelope.of("migration-api", UUID.randomUUID(),
                request("vm-999999", "deleted-yesterday", MigrationMode.COLD));
        MigrationFailed failed = (MigrationFailed) publishAndAwait(trigger, Topics.MIGRATION_FAILED).data();
        assertEquals(Phase.DISCOVERY, failed.phase());
        assertFalse(failed.retryable());
        assertTrue(failed.reason().contains("vm-999999") && failed.reason().contains("no longer exists"), failed.reason());
    }

    @Test
    void protectedVmFailsDiscoveryBecauseItMayNotBeTouched() {
        String id = VcsimInventory.vmId("DC0_C1_RP0_VM14"); // protected in %test
        MigrationFailed failed = (MigrationFailed) publishAndAwait(EventEnvelope.of("migration-api", UUID.randomUUID(),
                request(id, "DC0_C1_RP0_VM14", MigrationMode.COLD)), Topics.MIGRATION_FAILED).data();
        assertFalse(failed.retryable());
        assertTrue(failed.reason().contains("protected"), failed.reason());
    }

    @Test
    void warmMigrationOfAPoweredOffVmFailsWithAReason() {
        VcsimInventory.refresh();
        String id = VcsimInventory.vmId("DC0_C0_RP0_VM7");
        given().queryParam("gracefulTimeoutSeconds", 0).post("/api/source/vms/" + id + "/power-off").then().statusCode(200);
        try {
            MigrationFailed failed = (MigrationFailed) publishAndAwait(EventEnvelope.of("migration-api", UUID.randomUUID(),
                    request(id, "DC0_C0_RP0_VM7", MigrationMode.WARM)), Topics.MIGRATION_FAILED).data();
            assertFalse(failed.retryable());
            assertTrue(failed.reason().contains("powered off") && failed.reason().contains("cold"), failed.reason());

            EventEnvelope cold = publishAndAwait(EventEnvelope.of("migration-api", UUID.randomUUID(),
                    request(id, "DC0_C0_RP0_VM7", MigrationMode.COLD)), Topics.VM_DISCOVERED);
            assertEquals(io.traverse.events.PowerState.POWERED_OFF, ((VmDiscovered) cold.data()).vm().powerState());
        } finally {
            given().post("/api/source/vms/" + id + "/power-on").then().statusCode(200);
        }
    }

    private EventEnvelope publishAndAwait(EventEnvelope trigger, String topic) {
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            kafka.send(trigger);
            List<EventEnvelope> out = kafka.await(topic, e -> trigger.migrationId().equals(e.migrationId()), 1,
                    Duration.ofSeconds(60));
            assertEquals(1, out.size(), "one " + topic + " for migration " + trigger.migrationId());
            return out.get(0);
        }
    }

    static MigrationRequested request(String vmId, String vmName, MigrationMode mode) {
        return new MigrationRequested(UUID.randomUUID(), 1, vmId, vmName, mode, null, null, List.of(), "test");
    }
}
