package io.traverse.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The Nova flavor the instance will get.
 *
 * @param id          Nova flavor id
 * @param name        flavor name, e.g. {@code m1.small-bfv}
 * @param vcpus       flavor vCPUs (at least the source's)
 * @param ramMb       flavor RAM in MiB (at least the source's)
 * @param diskGb      flavor root disk in GiB; 0 for boot-from-volume flavors, which are preferred
 * @param autoCreated true when flavor-service created this flavor because none fitted
 */
public record TargetFlavor(
        @NotBlank String id,
        @NotBlank String name,
        @Positive int vcpus,
        @Positive int ramMb,
        @PositiveOrZero int diskGb,
        boolean autoCreated) {
}
