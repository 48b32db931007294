package io.traverse.migration.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.traverse.events.Firmware;
import io.traverse.events.PowerState;

import java.util.List;

/**
 * A source VM as discovery-service's inventory ({@code GET /api/inventory/vms}) describes it. Fields this service
 * does not know are ignored; fields discovery-service does not (yet) send are null or empty, and the preflight rules
 * that need them say they could not check.
 *
 * @param snapshots  snapshot names
 * @param hardware   virtual hardware version, e.g. {@code vmx-19}, or null
 * @param devices    special devices: {@code PCI_PASSTHROUGH}, {@code USB}, {@code VTPM}, ... (null: not reported)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InventoryVm(String id, String name, int vcpus, long memoryMb, String guestId, String guestFullName,
                          Firmware firmware, PowerState powerState, String datacenter, String cluster, String host,
                          Boolean cbtEnabled, Boolean template, String hardware, List<String> snapshots,
                          List<Disk> disks, List<Nic> nics, List<String> devices) {

    public InventoryVm {
        snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
        disks = disks == null ? List.of() : List.copyOf(disks);
        nics = nics == null ? List.of() : List.copyOf(nics);
    }

    /**
     * One virtual disk.
     *
     * @param diskMode {@code persistent}, {@code independent_persistent}, {@code independent_nonpersistent}; null if not reported
     * @param rdm      "physical" / "virtual" for a raw device mapping, null otherwise
     * @param sharing  {@code sharingNone} or {@code sharingMultiWriter}; null if not reported
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Disk(int key, String fileName, String datastore, long capacityBytes, Boolean thin, String diskMode,
                       String rdm, String sharing) {
    }

    /** One network adapter. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Nic(int key, String macAddress, String portGroup, String networkName) {
    }
}
