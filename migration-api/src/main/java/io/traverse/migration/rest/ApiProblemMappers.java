package io.traverse.migration.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.traverse.events.EventJson;
import io.traverse.migration.DetailedProblemException;
import io.traverse.migration.IllegalTransitionException;
import io.traverse.migration.inventory.InventoryUnavailableException;
import io.traverse.support.rest.Problem;
import io.traverse.support.rest.ProblemTypes;

import java.util.List;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** migration-api's own problem mappings, beside service-support's general ones. */
public class ApiProblemMappers {

    private static final ObjectMapper JSON = EventJson.mapper();

    /** A problem with extra members (e.g. the preflight findings) merged into the document. */
    @ServerExceptionMapper
    public Response detailed(DetailedProblemException e) {
        ObjectNode doc = JSON.valueToTree(e.toProblem());
        if (e.extra() != null) {
            doc.setAll((ObjectNode) JSON.valueToTree(e.extra()));
        }
        return Response.status(e.toProblem().status()).type(Problem.MEDIA_TYPE).entity(doc.toString()).build();
    }

    /** discovery-service is down: 503, with what to do. */
    @ServerExceptionMapper
    public Response inventoryDown(InventoryUnavailableException e) {
        return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "10")
                .entity(Problem.of(ProblemTypes.UPSTREAM_UNAVAILABLE, "Inventory unavailable", 503,
                        e.getMessage() + "; try again shortly"
                                + " (mappings can be saved without the check: ?skipInventoryCheck=true)")).build();
    }

    /**
     * JAX-RS answers 404 when a query or path parameter cannot be converted (a bad UUID, a word where a number goes, an
     * unknown enum constant): the request was wrong, not the address, so it is a 400 validation problem here. A 404
     * without a cause (no such route) stays a 404.
     */
    @ServerExceptionMapper
    public Response unconvertibleParameter(NotFoundException e) {
        if (e.getCause() == null) {
            return Response.status(404).type(Problem.MEDIA_TYPE).entity(Problem.of(ProblemTypes.NOT_FOUND, "Not Found", 404,
                    e.getMessage())).build();
        }
        String detail = "a query or path parameter has a value of the wrong form: " + describe(e.getCause());
        return Response.status(400).type(Problem.MEDIA_TYPE).entity(new Problem(ProblemTypes.VALIDATION, "Invalid input",
                400, detail, null, List.of(new Problem.FieldError("parameter", describe(e.getCause()))))).build();
    }

    private static String describe(Throwable cause) {
        String m = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof NumberFormatException) {
            return "not a whole number (" + m.replace("For input string: ", "") + ")";
        }
        if (m.startsWith("No enum constant ")) {
            return "unknown value " + m.substring(m.lastIndexOf('.') + 1);
        }
        return m;
    }

    @ServerExceptionMapper
    public Response illegal(IllegalTransitionException e) {
        return Response.status(409).type(Problem.MEDIA_TYPE)
                .entity(Problem.of("urn:traverse:problem:invalid-state", "Not possible in this state", 409, e.getMessage()))
                .build();
    }
}
