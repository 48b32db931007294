package io.traverse.disktransfer.sync;

import io.traverse.disktransfer.copy.TokenBucket;

import java.time.Duration;
import java.util.List;

/**
 * @param chunkSize        bytes per copy unit
 * @param streamsPerDisk   concurrent reads per disk
 * @param parallelDisks    disks of one VM copied at once
 * @param limits           bandwidth limits every disk of the job passes (job, source host, total)
 * @param progressInterval how often disk.progress is sent (at most 2 s by contract)
 * @param verify           hash the whole target after the round (SyncedDisk.sha256)
 */
public record CopySettings(int chunkSize, int streamsPerDisk, int parallelDisks, List<TokenBucket> limits,
                           Duration progressInterval, Duration checkpointInterval, boolean verify) {

    public static CopySettings defaults() {
        return new CopySettings(8 << 20, 8, 2, List.of(), Duration.ofSeconds(2), Duration.ofSeconds(5), false);
    }

    public CopySettings withLimits(List<TokenBucket> l) {
        return new CopySettings(chunkSize, streamsPerDisk, parallelDisks, List.copyOf(l), progressInterval, checkpointInterval, verify);
    }

    public CopySettings withVerify(boolean v) {
        return new CopySettings(chunkSize, streamsPerDisk, parallelDisks, limits, progressInterval, checkpointInterval, v);
    }

    public CopySettings withProgressInterval(Duration d) {
        return new CopySettings(chunkSize, streamsPerDisk, parallelDisks, limits, d, checkpointInterval, verify);
    }

    public CopySettings withChunkSize(int c) {
        return new CopySettings(c, streamsPerDisk, parallelDisks, limits, progressInterval, checkpointInterval, verify);
    }

    public CopySettings withCheckpointInterval(Duration d) {
        return new CopySettings(chunkSize, streamsPerDisk, parallelDisks, limits, progressInterval, d, verify);
    }
}
