package io.traverse.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * flavor-service chose the flavor (the smallest that fits, an operator override, or a new one); network-mapper maps
 * the networks next.
 *
 * @param request the request being served, carried forward
 * @param vm      the source VM, carried forward
 * @param flavor  the chosen flavor
 */
public record VmSized(
        @NotNull @Valid MigrationRequested request,
        @NotNull @Valid SourceVm vm,
        @NotNull @Valid TargetFlavor flavor) implements MigrationEvent {
}
