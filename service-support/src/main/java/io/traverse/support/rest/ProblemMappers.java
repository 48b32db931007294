package io.traverse.support.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.UUID;

/**
 * Turns every failure of a REST call into {@code application/problem+json}: 4xx with a useful message for
 * anything the caller sent wrong, 500 with only an error id (the details go to the log) for our own bugs.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.toProblem());
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v.getPropertyPath().toString()), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).reduce((a, b) -> a + "; " + b).orElse("");
        return respond(new Problem(ProblemTypes.VALIDATION, "Invalid input", 400, detail, null, errors));
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        return respond(Problem.of(ProblemTypes.MALFORMED_BODY, "Malformed request body", 400, e.getOriginalMessage()));
    }

    /** Well-formed JSON with a value of the wrong type or an unknown enum constant; names the field. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("body");
        String message = e.getOriginalMessage();
        return respond(new Problem(ProblemTypes.VALIDATION, "Invalid input", 400, field + ": " + message, null,
                List.of(new Problem.FieldError(field, message))));
    }

    @ServerExceptionMapper
    public Response unparseable(JsonParseException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e);
        }
        String type = status == 404 ? ProblemTypes.NOT_FOUND : ProblemTypes.INVALID_REQUEST;
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        return respond(Problem.of(type, title, status, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response internal(Throwable e) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unhandled error %s", errorId);
        return respond(Problem.of(ProblemTypes.INTERNAL, "Internal error", 500,
                "Something went wrong on our side; quote error id " + errorId + " when reporting it"));
    }

    /** "create.arg0.name" (method.parameter.field) → "name"; keeps nested paths below the parameter. */
    private static String fieldOf(String path) {
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : path;
    }

    private static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
