package io.traverse.disktransfer.target;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One target volume holding one source disk: a Cinder volume attached to the worker's host as a block device
 * (or, locally, a file standing in for it), with its metadata, where a sync records what the volume holds.
 */
public interface TargetVolume {

    /** Metadata keys; {@code changeID} and {@code converted} are the names the CBT feature (and os-migrate) use. */
    String CHANGE_ID = "changeID";
    String CONVERTED = "converted";
    /** The marks every Traverse-made OpenStack resource carries (openstack-support's TraverseTags uses the same). */
    String MIGRATION_ID = "traverse-migration-id";
    String SOURCE_VM_ID = "traverse-source-vm-id";
    String DISK_KEY = "traverse-disk-key";
    String ROUND = "traverse-round";
    /** Present while a round is under way: {@link Checkpoint#encode()}. */
    String CHECKPOINT = "traverse-checkpoint";

    String id();

    long sizeBytes();

    /** The attached block device (or stand-in file) to write to. */
    Path device();

    Map<String, String> metadata() throws IOException;

    /** Sets (value non-null) or deletes (value null) the given keys, leaving the others. */
    void updateMetadata(Map<String, String> changes) throws IOException;
}
