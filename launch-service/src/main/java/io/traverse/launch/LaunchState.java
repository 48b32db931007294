package io.traverse.launch;

/**
 * Where one migration's launch stands in launch-service.
 *
 * <ul>
 *   <li>{@code PENDING}: vm.converted arrived; waits for the capacity guard.</li>
 *   <li>{@code WAITING_CAPACITY}: the guard said no (Traverse's instance limit, in-flight limit or the project's
 *       quota); it is admitted as soon as capacity frees up. Never a failure.</li>
 *   <li>{@code LAUNCHING}: admitted; volumes prepared, server created, polled to ACTIVE, IP verified.</li>
 *   <li>{@code ACTIVE}: instance.active published.</li>
 *   <li>{@code FAILED}: migration.failed published (Nova's fault, a missing volume or port, a timeout...). A later
 *       vm.converted (migration-api's retry) starts it again.</li>
 *   <li>{@code CANCELLED}: migration.cancelled arrived; the cleanup deletes what Traverse created.</li>
 *   <li>{@code CLEANED_UP}: the cleanup finished.</li>
 * </ul>
 */
public enum LaunchState {
    PENDING, WAITING_CAPACITY, LAUNCHING, ACTIVE, FAILED, CANCELLED, CLEANED_UP;

    /** Queued for the capacity guard. */
    public boolean isQueued() {
        return this == PENDING || this == WAITING_CAPACITY;
    }

    /** Cancelled or cleaned: nothing of this migration may be launched any more. */
    public boolean isCancelled() {
        return this == CANCELLED || this == CLEANED_UP;
    }
}
