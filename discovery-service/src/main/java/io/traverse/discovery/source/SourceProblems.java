package io.traverse.discovery.source;

/** Problem types of the source operations API (stable: clients switch on them). */
public final class SourceProblems {

    /** The VM matches a protected name pattern. */
    public static final String PROTECTED_VM = "urn:traverse:problem:protected-vm";
    /** vCenter refused the operation in the VM's current state (a vSphere fault). */
    public static final String VSPHERE_FAULT = "urn:traverse:problem:vsphere-fault";

    private SourceProblems() {
    }
}
