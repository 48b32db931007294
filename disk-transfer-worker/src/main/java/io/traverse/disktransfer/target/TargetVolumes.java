package io.traverse.disktransfer.target;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

/** Finds and creates the target volumes of a migration: Cinder in production, local files in tests and the local stack. */
public interface TargetVolumes {

    /** The volume Traverse made for this migration's disk, found by its metadata (never by name alone). */
    Optional<TargetVolume> find(UUID migrationId, int diskKey) throws IOException;

    /** A new, zeroed volume of at least {@code sizeBytes}, tagged with the migration id and disk key. */
    TargetVolume create(UUID migrationId, String sourceVmId, int diskKey, String name, long sizeBytes, String volumeType,
                        String availabilityZone) throws IOException;

    /**
     * Called when a round's copy is complete, before its metadata is written: returns the volume that now holds the
     * disk (the same one, except for the Glance path, where a scratch copy becomes a Cinder volume here).
     */
    default TargetVolume finish(TargetVolume volume) throws IOException {
        return volume;
    }
}
