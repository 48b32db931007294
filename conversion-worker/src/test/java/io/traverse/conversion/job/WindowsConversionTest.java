package io.traverse.conversion.job;

import io.traverse.conversion.guest.GuestInspection;
import io.traverse.conversion.guest.GuestTools;
import io.traverse.conversion.source.SourcePower;
import io.traverse.conversion.testing.TestVolumes;
import io.traverse.conversion.volumes.ConversionVolume;
import io.traverse.events.ConversionPath;
import io.traverse.events.Firmware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AC6 and the virtio-win precondition, for a Windows guest as inspection reports it (no Windows image can be built
 * here, so inspection is given; everything after it is the real code): the source is powered off only when virt-v2v
 * is about to run, and a missing virtio-win stops the conversion before anything changed.
 */
class WindowsConversionTest {

    @TempDir
    Path dir;

    final List<String> poweredOff = new ArrayList<>();
    final SourcePower power = vm -> {
        poweredOff.add(vm);
        return "powered-off";
    };

    static GuestInspection windows2019() {
        return new GuestInspection(List.of("/dev/sda2"), "windows", "windows", "Windows Server 2019 Standard", 10, 0, null,
                false, false, Map.of(), true, null);
    }

    GuestConverter converter(Optional<Path> virtioWin, SourcePower p) {
        GuestTools tools = GuestTools.of("direct", Optional.of("force_tcg"), dir.resolve("work"));
        return new GuestConverter(tools, disks -> windows2019(), Duration.ofMinutes(5), Duration.ofMinutes(5), virtioWin, p);
    }

    GuestConverter.Request request(ConversionVolume v) {
        return new GuestConverter.Request("vm-77", "win-app-01", Firmware.BIOS, List.of(new GuestConverter.Disk(v, "scsi")));
    }

    @Test
    void missingVirtioWinIsAClearErrorBeforeTheSourceIsPoweredOffOrAVolumeChanges() throws Exception {
        ConversionVolume v = TestVolumes.blank(dir.resolve("volumes"), 1 << 20);
        String before = TestVolumes.sha256(v.device());

        ConversionException e = assertThrows(ConversionException.class,
                () -> converter(Optional.of(dir.resolve("no-such-virtio-win.iso")), power).convert(request(v)));

        assertFalse(e.retryable(), "a person must install the drivers");
        assertTrue(e.getMessage().startsWith("Windows Server 2019 Standard needs the virtio-win drivers to be converted"), e.getMessage());
        assertTrue(e.getMessage().contains("install the virtio-win package"), e.getMessage());
        assertTrue(e.getMessage().contains("traverse.conversion.tools.virtio-win"), e.getMessage());
        assertEquals(List.of(), poweredOff, "the source keeps running");
        assertEquals(before, TestVolumes.sha256(v.device()), "the volume is untouched");
        assertEquals(Map.of(), v.metadata(), "no marker");
    }

    @Test
    void anAlreadyConvertedWindowsVolumeIsSkippedAndTheSourceStaysOn() throws Exception {
        ConversionVolume v = TestVolumes.blank(dir.resolve("volumes"), 1 << 20);
        v.updateMetadata(Map.of(ConversionVolume.CONVERTED, "true"));

        GuestConverter.Outcome o = converter(Optional.empty(), power).convert(request(v));

        assertEquals(ConversionPath.NONE, o.path());
        assertEquals("Volume already converted", o.reason());
        assertEquals(List.of(), poweredOff, "AC6: no V2V run, no power-off");
    }

    @Test
    void whenThePowerOffFailsNothingIsConvertedAndTheFailureIsRetryable() throws Exception {
        ConversionVolume v = TestVolumes.blank(dir.resolve("volumes"), 1 << 20);
        String before = TestVolumes.sha256(v.device());
        SourcePower down = vm -> {
            throw new SourcePower.SourcePowerException("discovery-service unreachable", null);
        };

        ConversionException e = assertThrows(ConversionException.class,
                () -> converter(Optional.of(dir), down).convert(request(v)));

        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("could not power off the Windows source VM vm-77"), e.getMessage());
        assertEquals(before, TestVolumes.sha256(v.device()));
    }
}
