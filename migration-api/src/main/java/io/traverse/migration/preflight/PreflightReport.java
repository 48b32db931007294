package io.traverse.migration.preflight;

import java.time.Instant;
import java.util.List;

/** All findings of one preflight run; {@code blocking} when any is critical. */
public record PreflightReport(Instant ranAt, boolean blocking, long critical, long warnings, long advisories,
                              List<Finding> findings) {

    public static PreflightReport of(Instant ranAt, List<Finding> findings) {
        long c = findings.stream().filter(f -> f.severity() == Severity.CRITICAL).count();
        long w = findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
        long a = findings.stream().filter(f -> f.severity() == Severity.ADVISORY).count();
        return new PreflightReport(ranAt, c > 0, c, w, a, List.copyOf(findings));
    }
}
