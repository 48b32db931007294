package io.traverse.disktransfer.copy;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where a disk's bytes go: the target volume. Safe for concurrent writes at different offsets. */
public interface DiskWriter extends AutoCloseable {

    void write(long offset, ByteBuffer src) throws IOException;

    /** Makes everything written so far durable (before a checkpoint is recorded). */
    void flush() throws IOException;

    @Override
    default void close() throws IOException {
    }
}
