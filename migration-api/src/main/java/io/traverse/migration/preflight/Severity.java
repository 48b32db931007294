package io.traverse.migration.preflight;

/** How much a preflight finding matters. Critical findings block the start; all are shown. */
public enum Severity {
    /** The migration would fail or do harm: the plan (or wave) cannot start until it is fixed. */
    CRITICAL,
    /** The migration can run, but something will be lost or needs a person's attention. */
    WARNING,
    /** Good to know; nothing to do. */
    ADVISORY
}
