package io.traverse.discovery.source.rest;

import io.traverse.discovery.inventory.InventoryVm;
import io.traverse.discovery.source.SourceOperations;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;

/** Operations on source VMs for the other Traverse services. Each answers with the VM as vCenter now reports it. */
@Path("/api/source")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Source operations")
public class SourceResource {

    private static final String VM_ID = "vm-\\d+";
    private static final String VM_ID_MESSAGE = "must be a VM id like vm-42";

    private final SourceOperations operations;

    public SourceResource(SourceOperations operations) {
        this.operations = operations;
    }

    @POST
    @Path("/vms/{id}/power-on")
    @Operation(summary = "Power the VM on (no-op when it is on)")
    public SourceOperations.PowerResult powerOn(@PathParam("id") @Pattern(regexp = VM_ID, message = VM_ID_MESSAGE) String id) {
        return operations.powerOn(id);
    }

    @POST
    @Path("/vms/{id}/power-off")
    @Operation(summary = "Shut the guest down through VMware Tools, then power off hard after the timeout (no-op when off)")
    public SourceOperations.PowerResult powerOff(@PathParam("id") @Pattern(regexp = VM_ID, message = VM_ID_MESSAGE) String id,
                                                 @QueryParam("gracefulTimeoutSeconds") @Min(0) @Max(3600) Integer timeoutSeconds) {
        return operations.powerOff(id, timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds));
    }

    @POST
    @Path("/vms/{id}/cbt")
    @Operation(summary = "Enable Changed Block Tracking (no-op when enabled)")
    public InventoryVm enableCbt(@PathParam("id") @Pattern(regexp = VM_ID, message = VM_ID_MESSAGE) String id) {
        return operations.enableCbt(id);
    }

    /** A snapshot to take. */
    public record SnapshotRequest(@NotBlank @Size(max = 80) String name, @Size(max = 255) String description,
                                  boolean memory, boolean quiesce) {
    }

    @POST
    @Path("/vms/{id}/snapshots")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a snapshot; answers with its id")
    public SourceOperations.SnapshotRef createSnapshot(@PathParam("id") @Pattern(regexp = VM_ID, message = VM_ID_MESSAGE) String id,
                                                       @NotNull @Valid SnapshotRequest request) {
        return operations.createSnapshot(id, request.name(), request.description(), request.memory(), request.quiesce());
    }

    @DELETE
    @Path("/vms/{id}/snapshots/{snapshotId}")
    @Operation(summary = "Remove one snapshot (its children stay)")
    public InventoryVm removeSnapshot(@PathParam("id") @Pattern(regexp = VM_ID, message = VM_ID_MESSAGE) String id,
                                      @PathParam("snapshotId") @Pattern(regexp = "[A-Za-z0-9-]+", message = "must be a snapshot id like snapshot-123") String snapshotId) {
        return operations.removeSnapshot(id, snapshotId);
    }

    @GET
    @Path("/vms/{id}/disks/{diskKey}/changed-areas")
    @Operation(summary = "QueryChangedDiskAreas: the areas of a disk that changed in a snapshot since a CBT change id "
            + "(* for every allocated area); needs CBT enabled")
    public SourceOperations.ChangedAreas changedAreas(@PathParam("id") @Pattern(regexp = VM_ID, message = VM_ID_MESSAGE) String id,
                                                      @PathParam("diskKey") @Min(0) int diskKey,
                                                      @QueryParam("snapshotId") @NotBlank @Pattern(regexp = "[A-Za-z0-9-]+",
                                                              message = "must be a snapshot id like snapshot-123") String snapshotId,
                                                      @QueryParam("changeId") @NotBlank @Size(max = 200) String changeId,
                                                      @QueryParam("startOffset") @DefaultValue("0") @Min(0) long startOffset) {
        return operations.changedDiskAreas(id, snapshotId, diskKey, changeId, startOffset);
    }

    @GET
    @Path("/datastore-files")
    @Operation(summary = "The /folder URL of a datastore file and the vCenter session cookie to download it with")
    public SourceOperations.DatastoreFileAccess datastoreFile(@QueryParam("path") String path,
                                                              @QueryParam("datacenter") String datacenter) {
        return operations.datastoreFile(path, datacenter);
    }
}
