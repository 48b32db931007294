package io.traverse.launch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Tuning of launch-service ({@code traverse.launch.*}). */
@ConfigMapping(prefix = "traverse.launch")
public interface LaunchConfig {

    /**
     * Name of the Nova server. Placeholders: {@code {vmName}}, {@code {vmId}}, {@code {migrationId}},
     * {@code {shortId}} (first 8 characters of the migration id). Each run of characters outside
     * {@code [A-Za-z0-9._-]} becomes one {@code -} and the result is cut to 63 characters, so it is also a valid
     * hostname.
     */
    @WithDefault("migrated-{vmName}")
    String instanceNamePattern();

    /** The capacity guard. */
    Capacity capacity();

    /** Polling the new server until ACTIVE. */
    Active active();

    /** Verifying the IP on the expected port after ACTIVE. */
    IpCheck ipCheck();

    /** Cleanups (cancel, rollback, Reset). */
    Cleanup cleanup();

    /** How often queued launches and due cleanups are looked at. */
    @WithDefault("2s")
    Duration dispatchInterval();

    /** The existing workloads the dashboard reads ({@code GET /api/target/instances}). */
    ExistingWorkloads existingWorkloads();

    interface ExistingWorkloads {
        /** A list read this recently is answered without asking Nova again (every open dashboard polls it). */
        @WithDefault("10s")
        Duration maxAge();

        /** An older list is still answered, while a fresh one is read, up to this age; older, the caller waits. */
        @WithDefault("2m")
        Duration maxStale();

        /** How long a caller waits for a read in flight before it gets 503 (Nova can be slow; the read goes on). */
        @WithDefault("20s")
        Duration callerWait();
    }

    interface Capacity {
        /**
         * Traverse instances that may exist on the target at once (building or running, counted by Traverse's tag;
         * the integration guide's shared environment allows 5). Further launches wait in {@code WAITING_CAPACITY}
         * until one is cleaned up.
         */
        @WithDefault("5")
        int maxInstances();

        /** Launches between "server create" and "ACTIVE + IP verified" at once. */
        @WithDefault("5")
        int maxInFlight();

        /** Whether the project's compute quota (instances, cores, RAM) is checked before each launch. */
        @WithDefault("true")
        boolean checkQuota();
    }

    interface Active {
        /** How long a server may stay in BUILD before the launch fails (retryable). */
        @WithDefault("10m")
        Duration timeout();

        /** First delay between two status polls; doubled after each poll up to {@link #maxDelay()}. */
        @WithDefault("1s")
        Duration initialDelay();

        /** Longest delay between two status polls. */
        @WithDefault("15s")
        Duration maxDelay();
    }

    interface IpCheck {
        /** How long the expected port may take to show the server and its fixed IP after ACTIVE. */
        @WithDefault("60s")
        Duration timeout();
    }

    interface Cleanup {
        /** How long to wait for a deleted server to disappear (before its volumes are deleted), and for a deleted volume. */
        @WithDefault("2m")
        Duration serverGoneTimeout();

        /** Delay before a failed cleanup is tried again; doubled per attempt, at most 5 minutes. */
        @WithDefault("10s")
        Duration retryBackoff();

        /** Attempts before a cleanup is left FAILED for an operator. */
        @WithDefault("10")
        int maxAttempts();

        /** Whether the source VM is powered back on through discovery-service. */
        @WithDefault("true")
        boolean powerOnSource();
    }
}
