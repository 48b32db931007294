package io.traverse.migration.engine;

/** When a warm migration leaves pre-copy for its cutover. Cold migrations cut over at once (one sync). */
public enum CutoverPolicy {
    /** After the first (full) pre-copy round. */
    NOW,
    /** At a time: the VM's own, else the plan's. */
    SCHEDULED,
    /** Only when an operator asks ({@code POST /api/migrations/{id}/cutover}). */
    MANUAL,
    /**
     * When the downtime predicted from the dirty rate measured over the pre-copy rounds is under the plan's target,
     * inside the allowed window; otherwise the migration says why not and keeps pre-copying.
     */
    AUTO
}
