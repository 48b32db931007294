package io.traverse.events;

/** The boot firmware of the source VM; the target must boot the same way. */
public enum Firmware {
    /** Legacy BIOS boot. */
    BIOS,
    /** UEFI boot (vSphere {@code firmware = efi}); the target volume needs {@code hw_firmware_type=uefi}. */
    EFI
}
