package io.traverse.launch.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.traverse.launch.openstack.TargetCloud;
import io.traverse.openstack.OpenStackException;
import io.traverse.openstack.ProtectedResources;
import io.traverse.support.rest.ProblemException;
import io.traverse.support.rest.ProblemTypes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Comparator;
import java.util.List;

/**
 * The target project's existing workloads: every Nova server Traverse did not create (no Traverse tag, no migration
 * id in its metadata), for the Migration Monitor's right pane and its posture check. Protected ones
 * ({@code traverse.openstack.protected-name-patterns}, default {@code ffp-vdi-*}, or {@code traverse-protected=true})
 * are marked so. Read only: nothing here changes the target.
 */
@Path("/api/target/instances")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Target")
public class TargetInstanceResource {

    /** A flavor as the server carries it (Nova embeds a copy of it in the server). */
    public record FlavorView(String name, Integer vcpus, Integer ramMb, Integer diskGb) {
    }

    /**
     * One existing workload.
     *
     * @param isProtected Traverse never touches it (a protected name pattern or {@code traverse-protected=true})
     */
    public record InstanceView(String id, String name, String status, FlavorView flavor, List<String> ipAddresses,
                               @JsonProperty("protected") boolean isProtected, String created) {
    }

    private final TargetCloud cloud;
    private final ProtectedResources guard;

    public TargetInstanceResource(TargetCloud cloud, ProtectedResources guard) {
        this.cloud = cloud;
        this.guard = guard;
    }

    @GET
    @Operation(summary = "The servers of the target project that Traverse did not create (existing workloads), by "
            + "name; protected ones marked. 503 problem+json when OpenStack cannot be read")
    public List<InstanceView> existingWorkloads() {
        try {
            return cloud.existingWorkloads().stream()
                    .map(w -> new InstanceView(w.id(), w.name(), w.status(),
                            w.flavorName() == null ? null : new FlavorView(w.flavorName(), w.flavorVcpus(), w.flavorRamMb(), w.flavorDiskGb()),
                            w.addresses(), guard.isProtected(w.name(), w.metadata()), w.created()))
                    .sorted(Comparator.comparing(InstanceView::name))
                    .toList();
        } catch (OpenStackException e) {
            throw new ProblemException(ProblemTypes.UPSTREAM_UNAVAILABLE, "OpenStack unavailable", 503,
                    "the target's servers could not be read: " + e.getMessage());
        }
    }
}
