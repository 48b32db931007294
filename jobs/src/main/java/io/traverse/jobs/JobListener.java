package io.traverse.jobs;

/** Told about job phase changes; called from the launcher's watch thread, so it must not block for long. */
@FunctionalInterface
public interface JobListener {
    void onChange(JobStatus status);
}
