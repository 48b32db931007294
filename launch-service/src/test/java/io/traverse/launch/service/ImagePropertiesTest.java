package io.traverse.launch.service;

import io.traverse.events.Firmware;
import io.traverse.events.PowerState;
import io.traverse.events.SourceVm;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ImagePropertiesTest {

    private static SourceVm vm(String guestId, Firmware firmware) {
        return new SourceVm("vm-1", "x", "u", 1, 32, guestId, firmware, PowerState.POWERED_OFF, null, "h", "DC0", false,
                List.of(), List.of());
    }

    @Test
    void shouldBootUefiGuestsOnQ35WithVirtioDevices() {
        var p = ImageProperties.of(vm("rhel9_64Guest", Firmware.EFI));
        assertEquals("virtio", p.get("hw_disk_bus"));
        assertEquals("virtio", p.get("hw_vif_model"));
        assertEquals("uefi", p.get("hw_firmware_type"));
        assertEquals("q35", p.get("hw_machine_type"));
        assertEquals("linux", p.get("os_type"));
        assertEquals("rhel", p.get("os_distro"));
    }

    @Test
    void shouldMarkWindowsGuestsAndBiosFirmware() {
        var p = ImageProperties.of(vm("windows2019srv_64Guest", Firmware.BIOS));
        assertEquals("windows", p.get("os_type"));
        assertEquals("bios", p.get("hw_firmware_type"));
        assertFalse(p.containsKey("hw_machine_type"));
    }

    @Test
    void shouldLeaveTheDistroOutForAnUnknownGuest() {
        assertFalse(ImageProperties.of(vm("otherGuest", Firmware.BIOS)).containsKey("os_distro"));
    }
}
