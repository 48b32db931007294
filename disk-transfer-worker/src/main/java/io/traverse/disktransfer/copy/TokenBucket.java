package io.traverse.disktransfer.copy;

/**
 * A bandwidth limit in bytes per second, shared by every copy that passes through it (one per source host, one in
 * total, one per job). Tokens accrue continuously up to a burst of a quarter second's worth; {@link #acquire}
 * blocks until the bytes may go. A rate of 0 or less means unlimited.
 */
public final class TokenBucket {

    private final long bytesPerSecond;
    private final double burst;
    private double tokens;
    private long last;

    public TokenBucket(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        this.burst = Math.max(bytesPerSecond / 4.0, 1);
        this.tokens = 0;
        this.last = System.nanoTime();
    }

    public static TokenBucket unlimited() {
        return new TokenBucket(0);
    }

    public static TokenBucket megabytesPerSecond(double mb) {
        return new TokenBucket((long) (mb * 1024 * 1024));
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Waits until {@code bytes} may be sent (taken as debt when larger than the burst). */
    public void acquire(long bytes) throws InterruptedException {
        if (bytesPerSecond <= 0 || bytes <= 0) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            refill();
            tokens -= bytes;
            waitNanos = tokens >= 0 ? 0 : (long) (-tokens * 1e9 / bytesPerSecond);
        }
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * bytesPerSecond / 1e9);
        last = now;
    }
}
