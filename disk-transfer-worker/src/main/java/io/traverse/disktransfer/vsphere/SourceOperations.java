package io.traverse.disktransfer.vsphere;

import io.traverse.disktransfer.copy.Extent;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** What a disk sync asks of the source vCenter. Managed objects are named by their ids (vm-42, snapshot-7). */
public interface SourceOperations {

    /** Prefix of every snapshot Traverse makes; the start-up sweep removes leftovers by it (and only those). */
    String SNAPSHOT_PREFIX = "traverse-sync-";

    record Snapshot(String id, String name, String description) {
    }

    /** A datastore file over HTTP and the headers (session cookie) to read it with. */
    record DatastoreFile(URI uri, Map<String, String> headers) {
        @Override
        public String toString() {
            return uri.getPath(); // never the cookie
        }
    }

    /** Creates a crash-consistent snapshot (no memory, no quiesce) and returns its id. */
    String createSnapshot(String vm, String name, String description) throws IOException;

    void removeSnapshot(String snapshot) throws IOException;

    /** Every snapshot of the VM, whole tree. */
    List<Snapshot> snapshots(String vm) throws IOException;

    /** Disk key to CBT change id, as of the snapshot. */
    Map<Integer, String> snapshotChangeIds(String snapshot) throws IOException;

    /** Extents of the disk that changed since {@code changeId} ("*": all allocated extents), as of the snapshot. */
    List<Extent> changedAreas(String vm, String snapshot, int diskKey, String changeId, long capacity) throws IOException;

    /** poweredOn, poweredOff or suspended. */
    String powerState(String vm) throws IOException;

    void powerOff(String vm) throws IOException;

    /** The disk's data file ({@code -flat.vmdk}) through the datastore HTTP file API. */
    DatastoreFile flatFile(String datacenter, String datastorePath);
}
