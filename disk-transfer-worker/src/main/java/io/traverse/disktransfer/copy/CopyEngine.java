package io.traverse.disktransfer.copy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Copies the given extents of one disk from a {@link DiskReader} to a {@link DiskWriter}: the extents are cut into
 * chunks that {@code parallelism} workers read and write concurrently, every byte passes the bandwidth limits first,
 * and a chunk (or 64 KiB block of it) that reads as zeros is not written when the target is known to be zero
 * (a fresh volume), so a sparse disk costs only its data. Only the extents are read: the caller decides what they
 * are (CBT's allocated areas for a first round, its changed areas for a delta, the whole disk without CBT).
 *
 * <p>Progress goes to a listener at a fixed interval; checkpoints (the number of leading chunks that are written
 * and flushed) go to another, so a copy that dies resumes at {@link Options#startChunk} instead of from zero.
 */
public final class CopyEngine {

    public static final int ZERO_BLOCK = 64 * 1024;

    /** Told how far the copy is; called from a timer thread. */
    public interface ProgressListener {
        void progress(long bytesDone, long bytesTotal, long bytesPerSecond);
    }

    /** Told that chunks {@code [0, chunksDone)} are durable on the target. */
    public interface CheckpointListener {
        void checkpoint(int chunksDone, long bytesDone) throws IOException;
    }

    /**
     * @param chunkSize          bytes per read/write unit (default 8 MiB)
     * @param parallelism        concurrent chunk workers (default 8)
     * @param targetIsZero       the target reads as zeros wherever nothing was written (fresh volume): skip zero blocks
     * @param limits             bandwidth limits every byte read must pass (per job, per source host, total)
     * @param startChunk         resume: chunks before this one are already on the target
     * @param progressInterval   how often the progress listener is called
     * @param checkpointInterval how often (at most) a checkpoint is flushed and recorded
     */
    public record Options(int chunkSize, int parallelism, boolean targetIsZero, List<TokenBucket> limits, int startChunk,
                          Duration progressInterval, Duration checkpointInterval,
                          ProgressListener progress, CheckpointListener checkpoint) {

        public static Options defaults() {
            return new Options(8 << 20, 8, true, List.of(), 0, Duration.ofSeconds(2), Duration.ofSeconds(5),
                    (a, b, c) -> { }, (a, b) -> { });
        }

        public Options withChunkSize(int v) { return new Options(v, parallelism, targetIsZero, limits, startChunk, progressInterval, checkpointInterval, progress, checkpoint); }
        public Options withParallelism(int v) { return new Options(chunkSize, v, targetIsZero, limits, startChunk, progressInterval, checkpointInterval, progress, checkpoint); }
        public Options withTargetIsZero(boolean v) { return new Options(chunkSize, parallelism, v, limits, startChunk, progressInterval, checkpointInterval, progress, checkpoint); }
        public Options withLimits(List<TokenBucket> v) { return new Options(chunkSize, parallelism, targetIsZero, List.copyOf(v), startChunk, progressInterval, checkpointInterval, progress, checkpoint); }
        public Options withStartChunk(int v) { return new Options(chunkSize, parallelism, targetIsZero, limits, v, progressInterval, checkpointInterval, progress, checkpoint); }
        public Options withProgress(Duration every, ProgressListener v) { return new Options(chunkSize, parallelism, targetIsZero, limits, startChunk, every, checkpointInterval, v, checkpoint); }
        public Options withCheckpoint(Duration every, CheckpointListener v) { return new Options(chunkSize, parallelism, targetIsZero, limits, startChunk, progressInterval, every, progress, v); }
    }

    /**
     * @param bytesPlanned  bytes of the extents (the round's work)
     * @param bytesRead     bytes read from the source in this run (resumed chunks are not read again)
     * @param bytesWritten  bytes written to the target
     * @param bytesZero     bytes read as zeros and not written (target already zero)
     * @param chunks        number of chunks of the plan
     */
    public record Result(long bytesPlanned, long bytesRead, long bytesWritten, long bytesZero, int chunks, Duration duration) {
    }

    private CopyEngine() {
    }

    /** The chunks a plan is cut into; checkpoints count these, so a resume must use the same extents and chunk size. */
    public static List<Extent> chunks(List<Extent> extents, int chunkSize) {
        return Extent.split(extents, chunkSize);
    }

    public static Result copy(List<Extent> extents, DiskReader reader, DiskWriter writer, Options o)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        List<Extent> chunks = chunks(Extent.normalize(extents, reader.size()), o.chunkSize());
        long planned = Extent.total(chunks);
        long alreadyDone = Extent.total(chunks.subList(0, Math.min(o.startChunk(), chunks.size())));
        AtomicLong done = new AtomicLong(alreadyDone);
        AtomicLong read = new AtomicLong();
        AtomicLong written = new AtomicLong();
        AtomicLong zero = new AtomicLong();
        AtomicInteger next = new AtomicInteger(o.startChunk());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Watermark watermark = new Watermark(o.startChunk(), chunks, alreadyDone);

        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "copy-progress"));
        long[] lastSample = {System.nanoTime(), alreadyDone};
        long[] rate = {0};
        timer.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            long d = done.get();
            double secs = (now - lastSample[0]) / 1e9;
            rate[0] = secs > 0 ? (long) ((d - lastSample[1]) / secs) : rate[0];
            lastSample[0] = now;
            lastSample[1] = d;
            o.progress().progress(d, planned, rate[0]);
        }, 0, o.progressInterval().toMillis(), TimeUnit.MILLISECONDS); // at once, then at the interval
        long[] lastCheckpoint = {System.nanoTime()};

        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.parallelism()), r -> daemon(r, "copy-worker"));
        try {
            Future<?>[] workers = new Future<?>[Math.max(1, o.parallelism())];
            for (int w = 0; w < workers.length; w++) {
                workers[w] = pool.submit(() -> {
                    ByteBuffer buf = ByteBuffer.allocate(o.chunkSize());
                    byte[] zeros = new byte[ZERO_BLOCK];
                    int i;
                    while (failure.get() == null && (i = next.getAndIncrement()) < chunks.size()) {
                        Extent c = chunks.get(i);
                        try {
                            for (TokenBucket limit : o.limits()) {
                                limit.acquire(c.length());
                            }
                            buf.clear().limit((int) c.length());
                            reader.read(c.offset(), buf);
                            read.addAndGet(c.length());
                            writeChunk(writer, c, buf.array(), zeros, o.targetIsZero(), written, zero);
                            done.addAndGet(c.length());
                            watermark.complete(i);
                        } catch (Throwable t) {
                            failure.compareAndSet(null, t);
                            return null;
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : workers) {
                while (true) {
                    try {
                        f.get(o.checkpointInterval().toMillis(), TimeUnit.MILLISECONDS);
                        break;
                    } catch (java.util.concurrent.TimeoutException e) {
                        if (System.nanoTime() - lastCheckpoint[0] >= o.checkpointInterval().toNanos()) {
                            checkpoint(writer, watermark, o);
                            lastCheckpoint[0] = System.nanoTime();
                        }
                    } catch (java.util.concurrent.ExecutionException e) {
                        failure.compareAndSet(null, e.getCause());
                        break;
                    }
                }
            }
            // whatever finished is kept, also on failure: the next run resumes after it
            checkpoint(writer, watermark, o);
            Throwable t = failure.get();
            if (t instanceof IOException io) {
                throw io;
            } else if (t instanceof InterruptedException ie) {
                throw ie;
            } else if (t != null) {
                throw new IOException("copy failed: " + t, t);
            }
            o.progress().progress(done.get(), planned, 0);
            return new Result(planned, read.get(), written.get(), zero.get(), chunks.size(),
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            pool.shutdownNow();
            timer.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private static void checkpoint(DiskWriter writer, Watermark watermark, Options o) throws IOException {
        int upTo;
        long bytes;
        synchronized (watermark) {
            upTo = watermark.low;
            bytes = watermark.lowBytes;
        }
        if (upTo > watermark.lastRecorded) {
            writer.flush();
            o.checkpoint().checkpoint(upTo, bytes);
            watermark.lastRecorded = upTo;
        }
    }

    /** Writes the chunk, leaving out 64 KiB blocks of zeros when the target already reads as zeros. */
    private static void writeChunk(DiskWriter writer, Extent c, byte[] data, byte[] zeros, boolean targetIsZero,
                                   AtomicLong written, AtomicLong zero) throws IOException {
        int len = (int) c.length();
        if (!targetIsZero) {
            writer.write(c.offset(), ByteBuffer.wrap(data, 0, len));
            written.addAndGet(len);
            return;
        }
        int runStart = -1;
        for (int p = 0; p < len; p += ZERO_BLOCK) {
            int n = Math.min(ZERO_BLOCK, len - p);
            boolean isZero = Arrays.mismatch(data, p, p + n, zeros, 0, n) < 0;
            if (isZero) {
                zero.addAndGet(n);
                if (runStart >= 0) {
                    writer.write(c.offset() + runStart, ByteBuffer.wrap(data, runStart, p - runStart));
                    written.addAndGet(p - runStart);
                    runStart = -1;
                }
            } else if (runStart < 0) {
                runStart = p;
            }
        }
        if (runStart >= 0) {
            writer.write(c.offset() + runStart, ByteBuffer.wrap(data, runStart, len - runStart));
            written.addAndGet(len - runStart);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The longest prefix of finished chunks. */
    private static final class Watermark {
        private final BitSet finished = new BitSet();
        private final List<Extent> chunks;
        int low;
        long lowBytes;
        int lastRecorded;

        Watermark(int start, List<Extent> chunks, long startBytes) {
            this.low = start;
            this.lastRecorded = start;
            this.lowBytes = startBytes;
            this.chunks = chunks;
        }

        synchronized void complete(int i) {
            finished.set(i);
            while (finished.get(low)) {
                lowBytes += chunks.get(low).length();
                low++;
            }
        }
    }
}
