package io.traverse.discovery.vcenter;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only with a working vCenter session. Wrong credentials and an unreachable vCenter both report DOWN with a
 * message that says which; neither stops the service (it keeps trying in the background, see {@link VcenterWatchdog}).
 */
@Readiness
@ApplicationScoped
public class VcenterReadiness implements HealthCheck {

    static final String NAME = "vCenter connection";

    private final VcenterSession session;

    public VcenterReadiness(VcenterSession session) {
        this.session = session;
    }

    @Override
    public HealthCheckResponse call() {
        VcenterSession.Status status = session.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(status.state() == VcenterSession.State.CONNECTED)
                .withData("vcenter", session.url().getHost())
                .withData("state", status.state().name())
                .withData("since", status.since().toString());
        if (status.state() != VcenterSession.State.CONNECTED) {
            response.withData("error", status.message());
        }
        return response.build();
    }
}
