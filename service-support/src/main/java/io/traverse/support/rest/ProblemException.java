package io.traverse.support.rest;

/**
 * Thrown by service code for a request that cannot be honoured; rendered as problem+json with the given
 * status. Use {@link ProblemTypes} constants for {@code type}.
 */
public class ProblemException extends RuntimeException {

    private final String type;
    private final String title;
    private final int status;

    public ProblemException(String type, String title, int status, String detail) {
        super(detail);
        this.type = type;
        this.title = title;
        this.status = status;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemTypes.NOT_FOUND, "Not found", 404, what + " does not exist");
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(ProblemTypes.INVALID_REQUEST, "Invalid request", 400, detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemTypes.CONFLICT, "Conflict", 409, detail);
    }

    public Problem toProblem() {
        return Problem.of(type, title, status, getMessage());
    }
}
