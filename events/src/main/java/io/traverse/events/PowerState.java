package io.traverse.events;

/** vSphere power state of a VM ({@code poweredOn}, {@code poweredOff}, {@code suspended}). */
public enum PowerState {
    /** {@code poweredOn}. */
    POWERED_ON,
    /** {@code poweredOff}. */
    POWERED_OFF,
    /** {@code suspended}. */
    SUSPENDED
}
