package io.traverse.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/**
 * discovery-service saw the vCenter inventory change (PropertyCollector updates, batched). Not about one migration:
 * its envelope has no migration id and its Kafka key is the vCenter.
 *
 * @param vcenter the vCenter the changes come from (its configured name or host)
 * @param changes the changed VMs, at least one
 */
public record InventoryChanged(
        @NotBlank String vcenter,
        @NotEmpty List<@Valid InventoryChange> changes) implements MigrationEvent {

    public InventoryChanged {
        changes = Copies.list(changes);
    }
}
