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

    /** While open, {@link #device()} is this volume's device on this host; closing it lets the device go. */
    interface Attachment extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /**
     * Makes the volume writable on this host for as long as the returned attachment is open: a Cinder volume is
     * attached through Cinder's attachments API when the worker is configured to (see {@link CinderAttachments});
     * everywhere else the device is always there and this does nothing.
     */
    default Attachment attach() throws IOException {
        return () -> {
        };
    }

    Map<String, String> metadata() throws IOException;

    /** Sets (value non-null) or deletes (value null) the given keys, leaving the others. */
    void updateMetadata(Map<String, String> changes) throws IOException;
}
