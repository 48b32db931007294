package io.traverse.disktransfer.nbd;

import io.traverse.disktransfer.copy.DiskReader;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a disk exported over NBD on a Unix socket (nbdkit: the {@code vddk} plugin in Pipeline A, {@code curl} or
 * {@code file} where they stand in). Fixed-newstyle handshake with {@code NBD_OPT_GO}, simple replies, one connection
 * per concurrent reader (taken from a small pool), so the copy engine's parallel chunks become parallel NBD reads.
 */
public final class NbdReader implements DiskReader {

    private static final long IHAVEOPT = 0x49484156454F5054L;
    private static final long NBDMAGIC = 0x4e42444d41474943L;
    private static final long REPLY_MAGIC = 0x3e889045565a9L;
    private static final int OPT_GO = 7;
    private static final int REP_ACK = 1;
    private static final int REP_INFO = 3;
    private static final int REQUEST_MAGIC = 0x25609513;
    private static final int SIMPLE_REPLY_MAGIC = 0x67446698;
    private static final short CMD_READ = 0;
    private static final short CMD_DISC = 2;
    private static final int MAX_REQUEST = 32 << 20; // nbdkit's limit for one read

    private final Path socket;
    private final BlockingQueue<Connection> idle = new LinkedBlockingQueue<>();
    private final AtomicLong handles = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private volatile long size = -1;

    public NbdReader(Path socket) {
        this.socket = socket;
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    @Override
    public long size() throws IOException {
        if (size < 0) {
            idle.add(connect());
        }
        return size;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        Connection c = idle.poll();
        if (c == null) {
            c = connect();
        }
        boolean ok = false;
        try {
            while (dst.hasRemaining()) {
                int n = Math.min(dst.remaining(), MAX_REQUEST);
                ByteBuffer part = dst.slice(dst.position(), n);
                c.read(offset, part);
                dst.position(dst.position() + n);
                offset += n;
                bytesRead.addAndGet(n);
            }
            ok = true;
        } finally {
            if (ok) {
                idle.add(c);
            } else {
                c.channel.close();
            }
        }
    }

    private Connection connect() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer hello = readFully(ch, 18);
            if (hello.getLong() != NBDMAGIC || hello.getLong() != IHAVEOPT) {
                throw new IOException("not a newstyle NBD server on " + socket);
            }
            hello.getShort(); // handshake flags
            writeFully(ch, ByteBuffer.allocate(4).putInt(0, 1 | 2)); // fixed newstyle, no zeroes
            byte[] name = "".getBytes(StandardCharsets.UTF_8);
            ByteBuffer opt = ByteBuffer.allocate(16 + 4 + name.length + 2);
            opt.putLong(IHAVEOPT).putInt(OPT_GO).putInt(4 + name.length + 2).putInt(name.length).put(name).putShort((short) 0);
            writeFully(ch, opt.flip());
            long exportSize = -1;
            while (true) {
                ByteBuffer h = readFully(ch, 20);
                if (h.getLong() != REPLY_MAGIC) {
                    throw new IOException("bad NBD option reply");
                }
                h.getInt();
                int type = h.getInt();
                int len = h.getInt();
                ByteBuffer data = readFully(ch, len);
                if (type == REP_ACK) {
                    break;
                }
                if (type < 0) {
                    throw new IOException("NBD server refused the export: " + StandardCharsets.UTF_8.decode(data));
                }
                if (type == REP_INFO && len >= 12 && data.getShort(0) == 0) {
                    exportSize = data.getLong(2);
                }
            }
            if (exportSize < 0) {
                throw new IOException("NBD server gave no export size");
            }
            size = exportSize;
            return new Connection(ch);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    private final class Connection {
        final SocketChannel channel;
        final ByteBuffer request = ByteBuffer.allocate(28);

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void read(long offset, ByteBuffer dst) throws IOException {
            long handle = handles.incrementAndGet();
            request.clear();
            request.putInt(REQUEST_MAGIC).putShort((short) 0).putShort(CMD_READ).putLong(handle).putLong(offset).putInt(dst.remaining());
            writeFully(channel, request.flip());
            ByteBuffer reply = readFully(channel, 16);
            if (reply.getInt() != SIMPLE_REPLY_MAGIC) {
                throw new IOException("unexpected NBD reply (structured replies are not negotiated)");
            }
            int error = reply.getInt();
            if (reply.getLong() != handle) {
                throw new IOException("NBD reply for another request");
            }
            if (error != 0) {
                throw new IOException("NBD read at " + offset + " failed with error " + error);
            }
            while (dst.hasRemaining()) {
                if (channel.read(dst) < 0) {
                    throw new EOFException("NBD server closed the connection");
                }
            }
        }

        void disconnect() {
            try {
                request.clear();
                request.putInt(REQUEST_MAGIC).putShort((short) 0).putShort(CMD_DISC).putLong(0).putLong(0).putInt(0);
                writeFully(channel, request.flip());
            } catch (IOException ignored) {
                // closing anyway
            } finally {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing left to do
                }
            }
        }
    }

    private static ByteBuffer readFully(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException("NBD server closed the connection");
            }
        }
        return b.flip();
    }

    private static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    @Override
    public void close() {
        Connection c;
        while ((c = idle.poll()) != null) {
            c.disconnect();
        }
    }
}
