package io.traverse.migration.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.traverse.testbed.openstack.OpenStackTestResource;

import java.util.List;

/**
 * The test profile of every test class that needs the real OpenStack target (the testbed's, as the member user
 * {@code traverse}; the admin under {@code traverse.openstack.admin.*}). Classes with this profile (and the usual
 * {@code TraverseTestbed} + {@code FakeInventory} resources) are run one after the other in one application start,
 * so Quarkus starts once for all of them; the testbed itself is started (or found running) once per JVM. Classes
 * without it run with no OpenStack configured and see the "cannot tell" target.
 */
public class WithOpenStack implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OpenStackTestResource.class));
    }
}
