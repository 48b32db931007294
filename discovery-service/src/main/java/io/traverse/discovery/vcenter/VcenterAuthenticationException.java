package io.traverse.discovery.vcenter;

/** vCenter rejected the configured user name or password. Retrying does not help; a person must fix the Secret. */
public class VcenterAuthenticationException extends VcenterException {

    public VcenterAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
