package io.traverse.support.rest;

/** Stable problem type identifiers shared by every Traverse API. Never rename one: clients switch on them. */
public final class ProblemTypes {
    public static final String VALIDATION = "urn:traverse:problem:validation";
    public static final String INVALID_REQUEST = "urn:traverse:problem:invalid-request";
    public static final String MALFORMED_BODY = "urn:traverse:problem:malformed-body";
    public static final String NOT_FOUND = "urn:traverse:problem:not-found";
    public static final String CONFLICT = "urn:traverse:problem:conflict";
    public static final String UPSTREAM_UNAVAILABLE = "urn:traverse:problem:upstream-unavailable";
    public static final String INTERNAL = "urn:traverse:problem:internal";

    private ProblemTypes() {
    }
}
