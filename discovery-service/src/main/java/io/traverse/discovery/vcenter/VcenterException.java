package io.traverse.discovery.vcenter;

/** A vCenter call failed; the message is meant for a person and never contains credentials. */
public class VcenterException extends RuntimeException {

    public VcenterException(String message, Throwable cause) {
        super(message, cause);
    }
}
