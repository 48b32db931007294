package io.traverse.launch.target;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * The target project's existing workloads: every Nova server Traverse did not create (no Traverse tag, no migration
 * id in its metadata), for the Migration Monitor's right pane and its posture check. Protected ones
 * ({@code traverse.openstack.protected-name-patterns}, default {@code ffp-vdi-*}, or {@code traverse-protected=true})
 * are marked so. Read only: nothing here changes the target. Read through {@link ExistingWorkloads}, which shares one
 * Nova read between the dashboards that poll it.
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

    private final ExistingWorkloads workloads;

    public TargetInstanceResource(ExistingWorkloads workloads) {
        this.workloads = workloads;
    }

    @GET
    @Operation(summary = "The servers of the target project that Traverse did not create (existing workloads), by "
            + "name; protected ones marked. A list read in the last 10 s is shared by all callers. 503 problem+json "
            + "when OpenStack cannot be read (in 20 s)")
    public List<InstanceView> existingWorkloads() {
        return workloads.list();
    }
}
