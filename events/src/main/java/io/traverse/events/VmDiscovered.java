package io.traverse.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * discovery-service read the VM fresh from vCenter; flavor-service sizes it next.
 *
 * @param request the request being served, carried forward
 * @param vm      the source VM
 */
public record VmDiscovered(
        @NotNull @Valid MigrationRequested request,
        @NotNull @Valid SourceVm vm) implements MigrationEvent {
}
