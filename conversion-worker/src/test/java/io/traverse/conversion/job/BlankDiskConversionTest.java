package io.traverse.conversion.job;

import io.traverse.conversion.guest.GuestTools;
import io.traverse.conversion.source.SourcePower;
import io.traverse.conversion.testing.TestVolumes;
import io.traverse.conversion.volumes.ConversionVolume;
import io.traverse.events.ConversionPath;
import io.traverse.events.Firmware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A disk without a partition table, a file system or a volume signature (the local stack's test disks, raw data
 * disks) has no OS to convert: it is settled after blkid's probe, without booting a libguestfs appliance (tens of
 * seconds per VM, minutes without KVM). The file-system case is in {@link GuestConversionTest}.
 */
class BlankDiskConversionTest {

    @TempDir
    Path dir;

    @Test
    void aDiskWithoutPartitionTableOrFileSystemIsSettledWithoutBootingAnAppliance() throws Exception {
        ConversionVolume v = TestVolumes.blank(dir.resolve("volumes"), 1L << 30);
        byte[] noise = new byte[8 << 20];
        new Random(7).nextBytes(noise);
        try (RandomAccessFile f = new RandomAccessFile(v.device().toFile(), "rw")) {
            f.write(noise);
            f.seek(512L << 20);
            f.write(noise);
        }
        String before = TestVolumes.sha256(v.device());
        // a libguestfs that cannot start: were an appliance needed, the conversion would fail
        GuestTools noAppliance = GuestTools.of("no-such-backend", Optional.empty(), dir.resolve("work"));
        SourcePower power = vm -> {
            throw new AssertionError("a disk without an OS never powers the source off");
        };

        GuestConverter.Outcome o = new GuestConverter(noAppliance, null, Duration.ofMinutes(1), Duration.ofMinutes(1),
                Optional.empty(), power).convert(new GuestConverter.Request("vm-7", "blank-data", Firmware.BIOS,
                List.of(new GuestConverter.Disk(v, "scsi"))));

        assertEquals(ConversionPath.NONE, o.path());
        assertEquals("no operating system on the disks (data disks only)", o.reason());
        assertEquals(before, TestVolumes.sha256(v.device()), "nothing written");
        assertEquals("true", v.metadata().get(ConversionVolume.CONVERTED));
    }
}
