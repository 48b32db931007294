package io.traverse.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The state of one disk after a sync round.
 *
 * @param diskKey        source disk key
 * @param volumeId       Cinder volume holding the disk
 * @param changeId       CBT change id the volume now matches (also stored in the volume's metadata), or null without CBT
 * @param bytesCopied    bytes actually written in this round (zero and unchanged extents are not copied)
 * @param sha256         hex SHA-256 of the whole volume when the worker verified it, or null
 * @param durationMillis how long this disk's part of the round took (changed-area query, copy, metadata,
 *                       verification), or null when not measured
 */
public record SyncedDisk(
        int diskKey,
        @NotBlank String volumeId,
        String changeId,
        @PositiveOrZero long bytesCopied,
        @Pattern(regexp = "[0-9a-f]{64}") String sha256,
        @PositiveOrZero Long durationMillis) {

    /** A disk whose round was not measured (stand-ins and older producers). */
    public SyncedDisk(int diskKey, String volumeId, String changeId, long bytesCopied, String sha256) {
        this(diskKey, volumeId, changeId, bytesCopied, sha256, null);
    }
}
