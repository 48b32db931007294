package io.traverse.conversion.guest;

import io.traverse.events.ConversionPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The path decision, for every kind of guest inspection can report (including those no test image exists for). */
class ConversionPlanTest {

    static GuestInspection linux(boolean virtioInInitrd, Map<String, List<String>> named) {
        return new GuestInspection(List.of("/dev/sda1"), "linux", "debian", "Debian GNU/Linux 12 (bookworm)", 12, 0,
                "6.1.0-50-amd64", virtioInInitrd, true, named, false, null);
    }

    static GuestInspection windows() {
        return new GuestInspection(List.of("/dev/sda2"), "windows", "windows", "Windows Server 2019 Standard", 10, 0,
                null, false, false, Map.of(), true, null);
    }

    @Test
    void disksWithoutAnOperatingSystemAreNotConverted() {
        ConversionPlan p = ConversionPlan.decide(GuestInspection.noOs());
        assertEquals(ConversionPath.NONE, p.path());
        assertEquals("no operating system on the disks (data disks only)", p.reason());
    }

    @Test
    void linuxWithoutVirtioInItsInitramfsGoesThroughVirtV2v() {
        ConversionPlan p = ConversionPlan.decide(linux(false, Map.of("/etc/fstab", List.of("/dev/sda1"))));
        assertEquals(ConversionPath.FULL_V2V, p.path());
        assertEquals("Debian GNU/Linux 12 (bookworm) has no virtio block driver in the initramfs of 6.1.0-50-amd64", p.reason());
    }

    @Test
    void linuxWithVirtioTakesTheLightPathAndListsOnlyTheEntriesToFix() {
        ConversionPlan p = ConversionPlan.decide(linux(true, Map.of("/etc/fstab", List.of("/dev/sda1", "/dev/sdb1"))));
        assertEquals(ConversionPath.LIGHT, p.path());
        assertEquals(List.of("/etc/fstab: /dev/sda1, /dev/sdb1 by UUID"), p.fixes());
        assertTrue(p.reason().contains("already has virtio in the initramfs of 6.1.0-50-amd64"), p.reason());

        assertEquals(List.of(), ConversionPlan.decide(linux(true, Map.of())).fixes(), "nothing to fix on a guest using UUIDs");
    }

    @Test
    void linuxWithoutAKernelOrWithoutVirtioNetGoesThroughVirtV2v() {
        GuestInspection noKernel = new GuestInspection(List.of("/dev/sda1"), "linux", "rhel", "RHEL 7.9", 7, 9, null, false,
                false, Map.of(), false, null);
        assertEquals(ConversionPath.FULL_V2V, ConversionPlan.decide(noKernel).path());
        GuestInspection noNet = new GuestInspection(List.of("/dev/sda1"), "linux", "sles", "SLES 12", 12, 5, "4.12", true,
                false, Map.of(), false, null);
        assertEquals(ConversionPath.FULL_V2V, ConversionPlan.decide(noNet).path());
    }

    @Test
    void windowsAlwaysGoesThroughVirtV2v() {
        ConversionPlan p = ConversionPlan.decide(windows());
        assertEquals(ConversionPath.FULL_V2V, p.path());
        assertEquals("Windows Server 2019 Standard needs virtio drivers and first-boot scripts", p.reason());
    }

    @Test
    void severalOperatingSystemsOrAnUnsupportedOneAreRefused() {
        GuestInspection dual = new GuestInspection(List.of("/dev/sda1", "/dev/sdb1"), "linux", "debian", "Debian", 12, 0,
                null, false, false, Map.of(), false, null);
        assertThrows(UnsupportedGuestException.class, () -> ConversionPlan.decide(dual));
        GuestInspection bsd = new GuestInspection(List.of("/dev/sda1"), "freebsd", "freebsd", "FreeBSD 14", 14, 0, null,
                false, false, Map.of(), false, null);
        UnsupportedGuestException e = assertThrows(UnsupportedGuestException.class, () -> ConversionPlan.decide(bsd));
        assertTrue(e.getMessage().contains("virt-v2v converts Linux and Windows guests"), e.getMessage());
    }
}
