package io.traverse.conversion.testing;

import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Starts the one virt-v2v conversion of the VMware guest when the test plan is known, if a test in it needs the result
 * ({@link UsesConvertedVmwareGuest}). Under TCG the conversion keeps one core busy for minutes; begun first, it runs
 * beside the module's other tests instead of after them (registered in
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}).
 */
public final class ConvertEarly implements TestExecutionListener {

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        Deque<TestIdentifier> todo = new ArrayDeque<>(plan.getRoots());
        while (!todo.isEmpty()) {
            TestIdentifier id = todo.pop();
            if (id.getSource().orElse(null) instanceof MethodSource m && needsConversion(m)) {
                ConvertedVmwareGuest.startInBackground();
                return;
            }
            todo.addAll(plan.getChildren(id));
        }
    }

    private static boolean needsConversion(MethodSource m) {
        try {
            return m.getJavaMethod().isAnnotationPresent(UsesConvertedVmwareGuest.class);
        } catch (RuntimeException e) { // not a method of ours
            return false;
        }
    }
}
