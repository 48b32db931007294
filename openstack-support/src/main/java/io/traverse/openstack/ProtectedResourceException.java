package io.traverse.openstack;

/** Thrown by {@link ProtectedResources} instead of letting Traverse modify or delete a protected target resource. */
public class ProtectedResourceException extends RuntimeException {

    public ProtectedResourceException(String message) {
        super(message);
    }
}
