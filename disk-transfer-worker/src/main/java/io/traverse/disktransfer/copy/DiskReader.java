package io.traverse.disktransfer.copy;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where a disk's bytes come from. Implementations are safe for concurrent reads at different offsets. */
public interface DiskReader extends AutoCloseable {

    /** Bytes the source holds; reads past it are not made (the rest of the disk reads as zeros). */
    long size() throws IOException;

    /** Fills {@code dst} (position to limit) with the bytes at {@code offset}. */
    void read(long offset, ByteBuffer dst) throws IOException;

    @Override
    default void close() throws IOException {
    }
}
