package io.traverse.migration.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * What handlers may know besides the record and the event: the time and the orchestration's tuning.
 *
 * @param now              the time of this decision
 * @param retryBackoff     delay before the first automatic retry; doubled per attempt
 * @param retryBackoffMax  the longest delay between automatic retries
 * @param cutoverOverhead  what a cutover costs besides copying the last delta (power off, conversion, boot)
 */
public record EngineContext(Instant now, Duration retryBackoff, Duration retryBackoffMax, Duration cutoverOverhead) {

    public static EngineContext defaults(Instant now) {
        return new EngineContext(now, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(60));
    }

    /** Backoff before retry number {@code attempt} (1-based): base × 2^(attempt-1), at most the maximum. */
    public Duration backoff(int attempt) {
        long factor = 1L << Math.min(Math.max(attempt - 1, 0), 20);
        Duration d = retryBackoff.multipliedBy(factor);
        return d.compareTo(retryBackoffMax) > 0 ? retryBackoffMax : d;
    }
}
