package io.traverse.discovery.vcenter;

/** vCenter could not be reached or did not answer (network, TLS, timeouts). Worth retrying. */
public class VcenterUnavailableException extends VcenterException {

    public VcenterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
