package io.traverse.migration.preflight;

import java.util.List;

/** One check of a plan before anything moves. Rules are CDI beans; add one by adding a class. */
public interface PreflightRule {

    /** Stable rule id, e.g. {@code cbt}; shown with each finding. */
    String id();

    /** The findings for this wave (empty when all is well). */
    List<Finding> check(PreflightContext context);
}
