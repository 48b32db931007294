package io.traverse.testbed;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * {@code @WithTestResource(VcsimTestResource.class)}: the test JVM's own vcsim (30 VMs) on a free port. Returns
 * {@code traverse.vcenter.url} (https://127.0.0.1:&lt;port&gt;/sdk), {@code traverse.vcenter.username},
 * {@code traverse.vcenter.password} and {@code traverse.vcenter.insecure=true}. The simulator outlives {@link #stop()}:
 * tests that change its state (power, snapshots) must not assume a fresh inventory.
 */
public class VcsimTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return SharedTestbed.vcsimConfig();
    }

    @Override
    public void stop() {
        // shared for the whole JVM; SharedTestbed stops it at exit
    }
}
