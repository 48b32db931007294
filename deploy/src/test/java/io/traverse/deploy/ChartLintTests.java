package io.traverse.deploy;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code helm lint --strict} for every values file a user is shown. */
class ChartLintTests {

    @Test
    void minimalValuesShouldLintClean() {
        assertClean(Chart.lint("minimal", Chart.values("helm/traverse/ci/minimal-values.yaml")));
    }

    @Test
    void fullValuesShouldLintClean() {
        assertClean(Chart.lint("full", Chart.values("helm/traverse/ci/full-values.yaml")));
    }

    @Test
    void strimziAndManagedPostgresExamplesShouldLintClean() {
        assertClean(Chart.lint("examples", Chart.values("helm/traverse/ci/minimal-values.yaml"),
                Chart.values("helm/examples/strimzi.yaml"), Chart.values("helm/examples/managed-postgres.yaml")));
    }

    private static void assertClean(LintResult result) {
        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));
        assertTrue(result.getMessages().stream().noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]")),
                () -> String.join("\n", result.getMessages()));
    }
}
