package io.traverse.network.port;

import io.traverse.openstack.OpenStackException;
import io.traverse.openstack.ProtectedResourceException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;

import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Deletes the ports of a cancelled or rolled-back migration ({@link NeutronPorts#deletePortsOf}: only ports tagged or
 * described as that migration's, never a protected one), retrying Neutron hiccups.
 */
@ApplicationScoped
public class PortCleanup {

    private final NeutronPorts ports;

    public PortCleanup(NeutronPorts ports) {
        this.ports = ports;
    }

    /**
     * How many ports went.
     *
     * @throws OpenStackException when Neutron stays unreachable (after 3 retries, 2 s apart)
     * @throws ProtectedResourceException when one of them is protected (not retried)
     */
    @Retry(maxRetries = 3, delay = 2, delayUnit = ChronoUnit.SECONDS, abortOn = ProtectedResourceException.class)
    public int deletePortsOf(UUID migrationId, String vmId) {
        return ports.deletePortsOf(migrationId, vmId);
    }
}
