package io.traverse.events;

import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * disk-transfer-worker reports how far one disk's copy is in the current round (at most every few seconds per
 * disk). Informational: losing one changes nothing but the dashboard.
 *
 * @param diskKey          source disk key
 * @param round            sync round
 * @param bytesTransferred bytes of this disk handled in this round so far (copied or skipped as zero/unchanged)
 * @param bytesTotal       bytes this round has to handle for this disk
 * @param bytesPerSecond   current throughput
 * @param etaSeconds       estimated seconds left, or null when not yet known
 */
public record DiskProgress(
        int diskKey,
        @Positive int round,
        @PositiveOrZero long bytesTransferred,
        @PositiveOrZero long bytesTotal,
        @PositiveOrZero long bytesPerSecond,
        @PositiveOrZero Long etaSeconds) implements MigrationEvent {
}
