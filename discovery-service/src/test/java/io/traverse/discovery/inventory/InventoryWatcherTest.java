package io.traverse.discovery.inventory;

import com.vmware.vim25.VirtualDeviceConfigSpec;
import com.vmware.vim25.VirtualDeviceConfigSpecOperation;
import com.vmware.vim25.VirtualEthernetCard;
import com.vmware.vim25.VirtualMachineConfigSpec;
import com.vmware.vim25.mo.VirtualMachine;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.traverse.discovery.Govc;
import io.traverse.discovery.VcsimInventory;
import io.traverse.discovery.vcenter.VcenterSession;
import io.traverse.events.EventEnvelope;
import io.traverse.events.InventoryChange;
import io.traverse.events.InventoryChanged;
import io.traverse.events.PowerState;
import io.traverse.events.Topics;
import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.TraverseTestbedWithVcsim;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Changes an administrator makes in vCenter (with govc) reach the mirror within 2 s through WaitForUpdatesEx, without a
 * full sync, and go out as inventory.changed; after the session is lost the watcher logs in again and re-syncs.
 */
@QuarkusTest
@WithTestResource(TraverseTestbedWithVcsim.class)
class InventoryWatcherTest {

    private static final Duration INCREMENTAL = Duration.ofSeconds(2);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    InventoryWatcher watcher;

    @Inject
    InventorySync sync;

    @Inject
    VcenterSession session;

    @Test
    void powerOffRenameAndNewNicMadeWithGovcReachTheMirrorWithinTwoSecondsIncrementally() {
        VcsimInventory.refresh();
        await().atMost(Duration.ofSeconds(30)).until(() -> watcher.status().following());
        String id = VcsimInventory.vmId("DC0_C0_RP0_VM10");
        Instant fullSyncBefore = sync.lastFullSync();
        long batchesBefore = watcher.status().batches();
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            Govc.run("vm.power", "-off", "DC0_C0_RP0_VM10");
            awaitMirror(id, vm -> "POWERED_OFF".equals(vm.getString("powerState")));
            awaitChange(kafka, id, c -> c.powerState() == PowerState.POWERED_OFF);

            Govc.run("vm.rename", "DC0_C0_RP0_VM10", "DC0_C0_RP0_VM10-renamed");
            awaitMirror(id, vm -> "DC0_C0_RP0_VM10-renamed".equals(vm.getString("name")));
            awaitChange(kafka, id, c -> "DC0_C0_RP0_VM10-renamed".equals(c.vmName()));

            Govc.run("vm.network.add", "DC0_C0_RP0_VM10-renamed", "VM Network", "vmxnet3");
            JsonPath vm = awaitMirror(id, v -> v.getList("nics").size() == 2);
            assertEquals("vmxnet3", vm.getString("nics.find { it.networkName == 'VM Network' }.adapterType"));
            assertEquals(List.of("DC0_DVPG0", "VM Network"), vm.getList("nics.networkName"));
        } finally {
            removeNicsOtherThanTheFirst(id);
            Govc.run("vm.rename", "DC0_C0_RP0_VM10-renamed", "DC0_C0_RP0_VM10");
            Govc.run("vm.power", "-on", "DC0_C0_RP0_VM10");
        }
        awaitMirror(id, v -> "DC0_C0_RP0_VM10".equals(v.getString("name")) && "POWERED_ON".equals(v.getString("powerState"))
                && v.getList("nics").size() == 1);
        assertEquals(fullSyncBefore, sync.lastFullSync(), "no full sync ran: the changes came through WaitForUpdatesEx");
        assertTrue(watcher.status().batches() > batchesBefore, "the watcher applied update batches");
    }

    @Test
    void afterTheSessionIsLostTheWatcherLogsInAgainAndReSyncs() {
        await().atMost(Duration.ofSeconds(30)).until(() -> watcher.status().following());
        long resyncs = watcher.status().resyncs();
        String id = VcsimInventory.vmId("DC0_C1_RP0_VM10");
        session.call("end our own session (as an expiry or an administrator would)", si -> {
            si.getSessionManager().logout();
            return null;
        });
        try {
            Govc.run("vm.power", "-off", "DC0_C1_RP0_VM10");
            // the pending wait ends (watch-wait 2 s in %test), the next one finds the session gone, logs in, re-syncs
            await().atMost(Duration.ofSeconds(15)).until(() -> watcher.status().resyncs() > resyncs);
            awaitMirror(id, vm -> "POWERED_OFF".equals(vm.getString("powerState")), Duration.ofSeconds(5));
        } finally {
            Govc.run("vm.power", "-on", "DC0_C1_RP0_VM10");
        }
        awaitMirror(id, vm -> "POWERED_ON".equals(vm.getString("powerState")));
        assertFalse(watcher.status().version().isEmpty());
    }

    private void removeNicsOtherThanTheFirst(String vmId) {
        session.call("remove the NICs the test added", si -> {
            VirtualMachine vm = new VirtualMachine(si.getServerConnection(), InventoryReader.mor("VirtualMachine", vmId));
            List<VirtualDeviceConfigSpec> removals = new java.util.ArrayList<>();
            boolean first = true;
            for (var device : vm.getConfig().getHardware().getDevice()) {
                if (device instanceof VirtualEthernetCard nic) {
                    if (first) {
                        first = false;
                        continue;
                    }
                    VirtualDeviceConfigSpec remove = new VirtualDeviceConfigSpec();
                    remove.setOperation(VirtualDeviceConfigSpecOperation.remove);
                    remove.setDevice(nic);
                    removals.add(remove);
                }
            }
            if (!removals.isEmpty()) {
                VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
                spec.setDeviceChange(removals.toArray(VirtualDeviceConfigSpec[]::new));
                vm.reconfigVM_Task(spec).waitForTask();
            }
            return null;
        });
    }

    private static JsonPath awaitMirror(String vmId, Predicate<JsonPath> condition) {
        return awaitMirror(vmId, condition, INCREMENTAL);
    }

    private static JsonPath awaitMirror(String vmId, Predicate<JsonPath> condition, Duration within) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = given().get("/api/inventory/vms/" + vmId).then().statusCode(200).extract().jsonPath();
            return condition.test(last[0]);
        });
        return last[0];
    }

    private static void awaitChange(EventTestClient kafka, String vmId, Predicate<InventoryChange> condition) {
        List<EventEnvelope> found = kafka.await(Topics.INVENTORY_CHANGED, e -> e.data() instanceof InventoryChanged c
                && c.changes().stream().anyMatch(ch -> ch.vmId().equals(vmId) && ch.kind() == InventoryChange.Kind.MODIFIED
                && condition.test(ch)), 1, Duration.ofSeconds(30));
        assertFalse(found.isEmpty(), "inventory.changed for " + vmId);
    }
}
