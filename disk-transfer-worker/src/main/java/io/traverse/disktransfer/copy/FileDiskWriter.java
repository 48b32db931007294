package io.traverse.disktransfer.copy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes to a block device (a Cinder volume attached to the worker's host) or a file standing in for one. Never
 * truncates or extends: the volume has its size already.
 */
public final class FileDiskWriter implements DiskWriter {

    private final FileChannel channel;

    public FileDiskWriter(Path device) throws IOException {
        this.channel = FileChannel.open(device, StandardOpenOption.WRITE);
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        long pos = offset;
        while (src.hasRemaining()) {
            pos += channel.write(src, pos);
        }
    }

    @Override
    public void flush() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
