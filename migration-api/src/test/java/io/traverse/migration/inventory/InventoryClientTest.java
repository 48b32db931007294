package io.traverse.migration.inventory;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.migration.support.FakeInventory;
import io.traverse.testbed.TraverseTestbed;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inventory is read from discovery-service's detailed list a page at a time, not with one request per VM; an
 * older discovery-service that lists summaries only still works, completed VM by VM. discovery-service is the
 * {@link FakeInventory} stand-in here; its real detailed list is tested in discovery-service (InventoryResourceTest).
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(FakeInventory.class)
class InventoryClientTest {

    @Inject
    InventoryClient inventory;

    @Test
    void everyVmComesWithItsDisksAndNicsFromTheDetailedListWithoutASingleVmRequest() {
        int before = FakeInventory.singleVmReads();
        List<InventoryVm> vms = inventory.vms();
        assertTrue(vms.size() >= 208, "the stand-in's 208 VMs (and any a test added): " + vms.size());
        assertTrue(vms.stream().allMatch(vm -> vm.disks().size() == 1 && vm.nics().size() == 1), "disks and NICs in full");
        assertEquals(FakeInventory.macOf("vm-1042"), vms.stream().filter(v -> v.id().equals("vm-1042")).findFirst()
                .orElseThrow().nics().get(0).macAddress());
        assertEquals(before, FakeInventory.singleVmReads(), "no /vms/{id} request for a VM the list described in full");
    }

    @Test
    void summariesOfAnOlderDiscoveryServiceAreCompletedVmByVm() {
        FakeInventory.listSummariesOnly(true);
        try {
            int before = FakeInventory.singleVmReads();
            List<InventoryVm> vms = inventory.vms();
            assertTrue(vms.stream().allMatch(vm -> vm.disks().size() == 1), "disks read from /vms/{id}");
            assertEquals(vms.size(), FakeInventory.singleVmReads() - before, "one /vms/{id} request per summary");
        } finally {
            FakeInventory.listSummariesOnly(false);
        }
    }
}
