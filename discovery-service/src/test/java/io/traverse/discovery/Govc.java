package io.traverse.discovery;

import io.traverse.testbed.SharedTestbed;

/**
 * {@code govc-lite} against the test JVM's vcsim, the one the service under test is configured with. Quarkus loads
 * test classes in its own class loader, so the shared vcsim is reached through {@link SharedTestbed} as loaded by the
 * system class loader (only JDK types cross), never started a second time.
 */
public final class Govc {

    private Govc() {
    }

    /** Runs {@code govc-lite args...} and returns its output; fails on a non-zero exit. */
    public static String run(String... args) {
        try {
            Class<?> shared = Class.forName(SharedTestbed.class.getName(), true, ClassLoader.getSystemClassLoader());
            Object vcsim = shared.getMethod("vcsim").invoke(null);
            return (String) vcsim.getClass().getMethod("govc", String[].class).invoke(vcsim, (Object) args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no shared vcsim to run govc-lite against", e);
        }
    }
}
