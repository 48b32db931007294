package io.traverse.discovery.vcenter;

import com.vmware.vim25.MethodFault;

/** vCenter answered the call with a vSphere fault (e.g. {@code ManagedObjectNotFound}, {@code InvalidPowerState}). */
public class VsphereFaultException extends VcenterException {

    private final String faultType;

    public VsphereFaultException(String operation, String faultType, Throwable cause) {
        super(operation + " failed: vCenter answered " + faultType, cause);
        this.faultType = faultType;
    }

    /** The vSphere fault's type name, e.g. {@code ManagedObjectNotFound}. */
    public String faultType() {
        return faultType;
    }

    public boolean is(Class<? extends MethodFault> fault) {
        return fault.getSimpleName().equals(faultType) || fault.isInstance(getCause());
    }
}
