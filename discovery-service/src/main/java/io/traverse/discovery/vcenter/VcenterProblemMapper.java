package io.traverse.discovery.vcenter;

import io.traverse.discovery.source.SourceProblems;
import io.traverse.support.rest.Problem;
import io.traverse.support.rest.ProblemTypes;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** vCenter failures over REST: 503 while it is unreachable or rejects our credentials, 409 for a vSphere fault. */
public class VcenterProblemMapper {

    @ServerExceptionMapper
    public Response vcenter(VcenterException e) {
        Problem p = switch (e) {
            case VsphereFaultException f -> Problem.of(SourceProblems.VSPHERE_FAULT, "vCenter refused the operation", 409, f.getMessage());
            default -> Problem.of(ProblemTypes.UPSTREAM_UNAVAILABLE, "vCenter unavailable", 503, e.getMessage());
        };
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
