package io.traverse.events;

import jakarta.validation.constraints.NotBlank;

/**
 * migration-api cancelled the migration at an operator's request; phases still working on it stop and clean up
 * what they created.
 *
 * @param reason      why, as the operator gave it (or a default)
 * @param requestedBy who cancelled
 */
public record MigrationCancelled(
        @NotBlank String reason,
        @NotBlank String requestedBy) implements MigrationEvent {
}
