package io.traverse.disktransfer.copy;

import java.io.IOException;

/**
 * vCenter answered and said no (an HTTP 4xx from the datastore file API, a refused login). Retrying the same request
 * does not help; when the status says the disk is gone or the credentials are wrong ({@link #permanent()}), running
 * the round again does not either, so the Job fails for good instead of burning its retries.
 */
public final class SourceRefusedException extends IOException {

    private final int httpStatus;

    public SourceRefusedException(int httpStatus, String message) {
        super(message);
        this.httpStatus = httpStatus;
    }

    public SourceRefusedException(int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** 404/410: the file is not there; 401/403: these credentials may not read it. No later attempt changes that. */
    public boolean permanent() {
        return httpStatus == 404 || httpStatus == 410 || httpStatus == 401 || httpStatus == 403;
    }

    /** What the status means for a person, e.g. "not found (HTTP 404)". */
    public String meaning() {
        String what = switch (httpStatus) {
            case 404, 410 -> "not found";
            case 401 -> "refused: the vCenter credentials were not accepted";
            case 403 -> "refused: the vCenter user may not read it";
            default -> "refused";
        };
        return what + " (HTTP " + httpStatus + ")";
    }

    /** The first SourceRefusedException in {@code e}'s causes, including {@code e} itself, or null. */
    public static SourceRefusedException in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SourceRefusedException r) {
                return r;
            }
        }
        return null;
    }
}
