package io.traverse.network.port;

/** What to do when the source MAC cannot be kept (another port has it, or Neutron's policy refuses it). */
public enum MacConflict {
    /** Give up on the VM: migration.failed, a person decides (default). */
    FAIL,
    /** Create the port with a MAC Neutron chooses and say so (PortMapping.macPreserved = false, in the timeline). */
    NEW_MAC
}
