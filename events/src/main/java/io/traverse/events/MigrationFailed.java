package io.traverse.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * A phase gave up on this migration; sent instead of the phase's success event.
 *
 * @param phase     the phase that failed
 * @param reason    what went wrong, for a person (no secrets), e.g. {@code port group VM Network has no target network}
 * @param retryable true when running the phase again may succeed (timeouts, capacity); false when a person must act
 */
public record MigrationFailed(
        @NotNull Phase phase,
        @NotBlank String reason,
        boolean retryable) implements MigrationEvent {
}
