package io.traverse.discovery.vcenter;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.traverse.discovery.inventory.InventoryReader;
import io.traverse.discovery.inventory.InventorySnapshot;
import io.traverse.discovery.inventory.InventoryVm;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;

import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The reads other classes make, with retries: while vCenter is unreachable each call is retried with exponential
 * backoff (tunable per method with MicroProfile Fault Tolerance config, e.g.
 * {@code io.traverse.discovery.vcenter.VsphereGateway/readVm/Retry/maxRetries}). Wrong credentials and vSphere faults
 * are not retried.
 */
@ApplicationScoped
public class VsphereGateway {

    private final VcenterSession session;

    public VsphereGateway(VcenterSession session) {
        this.session = session;
    }

    /** Every VM and the topology around them, in one bulk PropertyCollector read. */
    @Retry(maxRetries = 4, delay = 500, jitter = 200, maxDuration = 60, durationUnit = ChronoUnit.SECONDS,
            retryOn = VcenterUnavailableException.class)
    @ExponentialBackoff(maxDelay = 8000)
    public InventorySnapshot readInventory() {
        return session.call("read the inventory", InventoryReader::readAll);
    }

    /** One VM read fresh from vCenter, or empty when vCenter does not have it. */
    @Retry(maxRetries = 4, delay = 500, jitter = 200, maxDuration = 45, durationUnit = ChronoUnit.SECONDS,
            retryOn = VcenterUnavailableException.class)
    @ExponentialBackoff(maxDelay = 8000)
    public Optional<InventoryVm> readVm(String vmId) {
        return session.call("read VM " + vmId, si -> InventoryReader.readVm(si, vmId));
    }
}
