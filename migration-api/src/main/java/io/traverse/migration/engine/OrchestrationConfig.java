package io.traverse.migration.engine;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Tuning of the orchestrator ({@code traverse.orchestration.*}). */
@ConfigMapping(prefix = "traverse.orchestration")
public interface OrchestrationConfig {

    /** Admission: how many migrations may be in flight (admitted, not finished) across all plans. */
    Admission admission();

    /** Automatic retries of retryable failures. */
    Retry retry();

    /** Cutover prediction. */
    Cutover cutover();

    /** How often the orchestrator looks for due rounds, retries and free admission slots. */
    @WithDefault("1s")
    Duration tick();

    interface Admission {
        /** Migrations in flight at once, all plans together; a plan's own limits apply within this. */
        @WithDefault("20")
        int maxConcurrent();
    }

    interface Retry {
        /** Delay before the first automatic retry; doubled for each further attempt. */
        @WithDefault("10s")
        Duration backoff();

        /** Upper bound of the delay between retries. */
        @WithDefault("5m")
        Duration maxBackoff();
    }

    interface Cutover {
        /** What a cutover costs besides the final delta: power-off, conversion and boot, for the downtime prediction. */
        @WithDefault("60s")
        Duration overhead();
    }
}
