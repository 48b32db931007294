package io.traverse.conversion.job;

import io.traverse.conversion.guest.ConversionPlan;
import io.traverse.conversion.guest.GuestInspection;
import io.traverse.conversion.guest.GuestTools;
import io.traverse.conversion.source.SourcePower;
import io.traverse.conversion.testing.ConvertedVmwareGuest;
import io.traverse.conversion.testing.UsesConvertedVmwareGuest;
import io.traverse.conversion.testing.HostTools;
import io.traverse.conversion.testing.TestVolumes;
import io.traverse.conversion.volumes.ConversionVolume;
import io.traverse.events.ConversionPath;
import io.traverse.events.Firmware;
import io.traverse.testbed.GuestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Conversion of a real Debian 12 guest with the real tools (libguestfs on TCG, virt-v2v-in-place 2.2): what inspection
 * finds, which path it picks, and what the image looks like afterwards. The images come from
 * {@code testbed/guest-image} (built once, cached); each test works on its own sparse copy.
 */
class GuestConversionTest {

    static GuestImages images;
    static GuestTools tools;

    @TempDir
    static Path dir;

    final List<String> poweredOff = new ArrayList<>();
    final SourcePower power = vm -> {
        poweredOff.add(vm);
        return "powered-off";
    };

    @BeforeAll
    static void images() {
        images = GuestImages.get();
        tools = HostTools.guestTools(dir.resolve("work"));
    }

    GuestConverter converter(Optional<Path> virtioWin, GuestConverter.Inspector inspector) {
        return new GuestConverter(tools, inspector, Duration.ofMinutes(15), Duration.ofMinutes(40), virtioWin, power);
    }

    static GuestConverter.Request request(ConversionVolume... volumes) {
        List<GuestConverter.Disk> disks = new ArrayList<>();
        for (ConversionVolume v : volumes) {
            disks.add(new GuestConverter.Disk(v, "scsi"));
        }
        return new GuestConverter.Request("vm-42", "debian-12-test", Firmware.BIOS, disks);
    }

    @Test
    void theVirtioGuestTakesTheLightPathAndOnlyItsFstabIsFixed() throws Exception {
        ConversionVolume v = TestVolumes.fromImage(dir.resolve("volumes"), images.virtio());

        GuestConverter.Outcome o = converter(Optional.empty(), null).convert(request(v));

        assertEquals(ConversionPath.LIGHT, o.path());
        assertEquals("guestfish", o.tool());
        assertEquals(List.of("/etc/fstab: /dev/sda1 → UUID=" + images.rootUuid()), o.fixes());
        assertTrue(o.reason().contains("already has virtio in the initramfs of " + images.kernel()), o.reason());
        assertTrue(o.reason().endsWith("fixed /etc/fstab: /dev/sda1 → UUID=" + images.rootUuid()), o.reason());
        String fstab = o.after().fstab(); // the verification's read-only inspection of the result
        assertTrue(fstab.contains("UUID=" + images.rootUuid() + "  /  ext4"), fstab);
        assertFalse(fstab.contains("/dev/sda1"), fstab);
        Map<String, String> meta = v.metadata();
        assertEquals("true", meta.get(ConversionVolume.CONVERTED));
        assertEquals("guestfish", meta.get(ConversionVolume.TOOL));
        assertEquals("LIGHT", meta.get(ConversionVolume.PATH));
        assertEquals(List.of(), poweredOff, "a Linux source is never powered off by conversion");
    }

    @Test
    void aDataDiskIsNotConvertedButMarked() throws Exception {
        ConversionVolume v = TestVolumes.fromImage(dir.resolve("volumes"), images.data());
        String before = TestVolumes.sha256(v.device());

        GuestConverter.Outcome o = converter(Optional.empty(), null).convert(request(v));

        assertEquals(ConversionPath.NONE, o.path());
        assertNull(o.tool());
        assertEquals("no operating system on the disks (data disks only)", o.reason());
        assertEquals(before, TestVolumes.sha256(v.device()));
        assertEquals("true", v.metadata().get(ConversionVolume.CONVERTED));
    }

    @Test
    void aDiskWithAFileSystemIsStillInspected() {
        ConversionVolume v = TestVolumes.fromImage(dir.resolve("volumes"), images.data()); // ext4, no partition table
        GuestTools noAppliance = tools.with("LIBGUESTFS_BACKEND", "no-such-backend");

        // the same disk converts with a working libguestfs (aDataDiskIsNotConvertedButMarked): failing here shows the
        // blkid probe found the file system and left the decision to the inspection
        assertThrows(ConversionException.class, () -> new GuestConverter(noAppliance, null,
                Duration.ofMinutes(15), Duration.ofMinutes(40), Optional.empty(), power).convert(request(v)));
    }

    @Test
    @UsesConvertedVmwareGuest
    void theVmwareGuestIsInspectedThenConvertedInPlaceByVirtV2vAndThenHasVirtioAndNoSdNames() throws Exception {
        ConvertedVmwareGuest converted = ConvertedVmwareGuest.get(); // once per JVM, shared with the boot test
        ConversionVolume boot = converted.boot();
        ConversionVolume data = converted.data();
        GuestConverter.Outcome o = converted.outcome();

        GuestInspection g = o.inspection(); // before: read-only, on an overlay
        assertEquals(List.of("/dev/sda1"), g.roots());
        assertEquals("linux", g.type());
        assertEquals("debian", g.distro());
        assertEquals(12, g.majorVersion());
        assertEquals(images.kernel(), g.kernel());
        assertFalse(g.virtioBlockInInitrd(), "the VMware-style initramfs has no virtio");
        assertTrue(g.virtioNetAvailable(), "the kernel itself has virtio modules");
        assertEquals(Map.of("/etc/fstab", List.of("/dev/sda1")), g.kernelNameDevices());
        assertTrue(g.fstab().contains("/dev/sda1  /  ext4"), g.fstab());
        assertEquals(ConversionPath.FULL_V2V, o.path());
        assertTrue(o.reason().endsWith("has no virtio block driver in the initramfs of " + images.kernel()), o.reason());
        assertEquals("virt-v2v-in-place", o.tool());
        assertTrue(o.toolVersion().matches("2\\.\\d+\\.\\d+"), o.toolVersion());

        GuestInspection after = o.after(); // the verification's read-only inspection of the result
        assertTrue(after.virtioBlockInInitrd(), "virtio_blk/virtio_scsi now in the initramfs of " + after.kernel());
        assertEquals(Map.of(), after.kernelNameDevices(), "no /dev/sd* left in fstab or grub");
        String fstab = after.fstab();
        assertTrue(fstab.contains("/dev/vda1") || fstab.contains("UUID=" + images.rootUuid()), fstab);
        for (ConversionVolume v : List.of(boot, data)) {
            assertEquals("true", v.metadata().get(ConversionVolume.CONVERTED));
            assertEquals("virt-v2v-in-place", v.metadata().get(ConversionVolume.TOOL));
            assertEquals(o.toolVersion(), v.metadata().get(ConversionVolume.TOOL_VERSION));
        }
        assertEquals(List.of(), converted.poweredOff(), "a Linux source is never powered off by conversion");
        Benchmarks.record("full-v2v", o.took(), images);

        // AC5: a second run finds the marker and changes nothing
        String convertedSha = TestVolumes.sha256(boot.device());
        GuestConverter.Outcome again = converter(Optional.empty(), null).convert(request(boot, data));
        assertEquals(ConversionPath.NONE, again.path());
        assertEquals("Volume already converted", again.reason());
        assertEquals(convertedSha, TestVolumes.sha256(boot.device()));
    }

    @Test
    void whenVirtV2vFailsItsOwnErrorLinesAreTheReasonAndAWindowsSourceWasPoweredOffFirst() throws Exception {
        // a Windows guest as inspection would report it, on a disk virt-v2v finds no OS on: virt-v2v runs and fails
        ConversionVolume v = TestVolumes.fromImage(dir.resolve("volumes"), images.data());
        Path virtioWin = Files.createDirectories(dir.resolve("virtio-win"));
        GuestConverter c = converter(Optional.of(virtioWin), disks -> WindowsConversionTest.windows2019());

        ConversionException e = assertThrows(ConversionException.class, () -> c.convert(request(v)));

        assertEquals(List.of("vm-42"), poweredOff, "AC6: powered off because virt-v2v was about to run");
        assertTrue(e.getMessage().startsWith("virt-v2v-in-place failed (exit 1): virt-v2v-in-place: error:"), e.getMessage());
        assertTrue(e.getMessage().contains("inspection could not detect the source guest"), e.getMessage());
        assertFalse(e.retryable());
        assertNull(v.metadata().get(ConversionVolume.CONVERTED), "no marker on a failed conversion");
    }
}
