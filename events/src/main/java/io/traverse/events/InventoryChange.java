package io.traverse.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * One VM that appeared, disappeared or changed in the vCenter inventory.
 *
 * @param vmId       managed object id, e.g. {@code vm-42}
 * @param vmName     VM name (the last known one for a removed VM)
 * @param kind       what happened
 * @param powerState power state now, or null for a removed VM
 */
public record InventoryChange(
        @NotBlank @Pattern(regexp = "vm-\\d+") String vmId,
        @NotBlank String vmName,
        @NotNull Kind kind,
        PowerState powerState) {

    /** What happened to the VM. */
    public enum Kind {
        /** The VM is new in the inventory. */
        ADDED,
        /** The VM is gone from the inventory. */
        REMOVED,
        /** A watched property changed (power state, name, hardware). */
        MODIFIED
    }
}
