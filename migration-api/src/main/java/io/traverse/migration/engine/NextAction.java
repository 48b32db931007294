package io.traverse.migration.engine;

/** What migration-api itself will do next for a migration, at its {@code nextActionAt}. */
public enum NextAction {
    /** Publish {@code migration.requested} (admission done, held back by the demo step delay). */
    REQUEST,
    /** Decide on the cutover and, if not yet, request the next pre-copy round. */
    NEXT_ROUND,
    /** Run the failed phase again (automatic retry with backoff). */
    RETRY
}
