package io.traverse.testbed.openstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Quarkus test resource for the OpenStack testbed: starts it (or reuses the running one) through
 * {@link OpenStackTestbed#start()} and hands the service its OpenStack config:
 * {@code traverse.openstack.auth-url}, {@code .region}, {@code .interface}, {@code .username}, {@code .password},
 * {@code .project}, {@code .project-id}, {@code .user-domain}, {@code .project-domain} for the member user, and the same
 * under {@code traverse.openstack.admin.*} for the cloud admin.
 *
 * <pre>{@code
 * @QuarkusTestResource(value = OpenStackTestResource.class, restrictToAnnotatedClass = false)
 * }</pre>
 * Tests that use it should share one test profile (or none), so Quarkus starts it once; the testbed itself is a
 * JVM-wide singleton and is never stopped here ({@code openstack-testbed.sh down} does that).
 *
 * <p>Init arg {@code user=admin} makes the admin the main {@code traverse.openstack.*} user (for admin-path tests):
 * {@code initArgs = @ResourceArg(name = "user", value = "admin")}.
 */
public class OpenStackTestResource implements QuarkusTestResourceLifecycleManager {

    private boolean asAdmin;

    @Override
    public void init(Map<String, String> initArgs) {
        asAdmin = "admin".equalsIgnoreCase(initArgs.getOrDefault("user", "member"));
    }

    @Override
    public Map<String, String> start() {
        OpenStackTestbed.Coordinates c = OpenStackTestbed.start();
        if (asAdmin && c.admin() == null) {
            throw new IllegalStateException("user=admin asked for, but " + c.envFile() + " has no admin credentials");
        }
        return c.config(asAdmin ? c.admin() : c.member());
    }

    @Override
    public void stop() {
        // deliberately nothing: the testbed outlives this JVM and serves the next ones
    }
}
