package io.traverse.migration.target;

import io.traverse.migration.preflight.TargetCloud;
import io.traverse.migration.preflight.UnknownTargetCloud;
import io.traverse.openstack.OpenStackConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;

/**
 * Which {@link TargetCloud} preflight and mapping validation use: OpenStack when {@code traverse.openstack.auth-url}
 * is set, otherwise one that cannot tell (every target-side check is an advisory, and the log says so once).
 */
public class TargetCloudProducer {

    private static final Logger LOG = Logger.getLogger(TargetCloudProducer.class);

    @Produces
    @ApplicationScoped
    TargetCloud targetCloud(OpenStackConfig config, TargetClient client) {
        if (config.authUrl().isEmpty()) {
            LOG.warn("No OpenStack target configured (traverse.openstack.auth-url / TRAVERSE_OPENSTACK_AUTH_URL): "
                    + "availability zones, volume types, networks, name collisions, MACs in use, flavor specs and the "
                    + "wave's quota are not checked; preflight shows them as advisories");
            return new UnknownTargetCloud();
        }
        LOG.infof("Preflight checks the OpenStack target %s", config.describe());
        return new OpenStackTargetCloud(client, Duration.ofSeconds(5), Clock.systemUTC());
    }
}
