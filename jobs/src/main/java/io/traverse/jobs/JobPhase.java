package io.traverse.jobs;

/** Where a job is. SUCCEEDED and FAILED are final. */
public enum JobPhase {
    PENDING, RUNNING, SUCCEEDED, FAILED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
