package io.traverse.conversion.testing;

import io.traverse.conversion.job.GuestConverter;
import io.traverse.conversion.job.ConversionException;
import io.traverse.conversion.source.SourcePower;
import io.traverse.conversion.volumes.ConversionVolume;
import io.traverse.events.Firmware;
import io.traverse.testbed.GuestImages;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The VMware-style test guest (boot disk + a data disk) converted by virt-v2v-in-place once per test JVM: the
 * conversion is the expensive part (minutes on TCG), and both the checks on the converted image and the boot test
 * need it. Callers must not write to the volumes; the boot test boots a copy.
 *
 * @param outcome    what the conversion reported
 * @param boot       the converted boot volume
 * @param data       the data volume converted with it
 * @param poweredOff the VMs the conversion asked to power off (none for Linux)
 */
public record ConvertedVmwareGuest(GuestConverter.Outcome outcome, ConversionVolume boot, ConversionVolume data,
                                   List<String> poweredOff) {

    private static CompletableFuture<ConvertedVmwareGuest> conversion;

    /** The converted guest: converts it now, or waits for the conversion {@link #startInBackground()} began. */
    public static ConvertedVmwareGuest get() throws ConversionException {
        try {
            return start().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ConversionException c) {
                throw c;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * Begins the conversion on a thread of its own (see {@link ConvertEarly}): under TCG it keeps one core busy for
     * minutes, and the tests that do not need it can use the other one meanwhile.
     */
    public static void startInBackground() {
        start();
    }

    private static synchronized CompletableFuture<ConvertedVmwareGuest> start() {
        if (conversion == null) {
            conversion = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    conversion.complete(convert());
                } catch (Throwable e) {
                    conversion.completeExceptionally(e);
                }
            }, "convert-vmware-guest");
            t.setDaemon(true);
            // a test JVM that ends before the conversion does must not leave virt-v2v's appliance running
            Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                    .filter(p -> p.info().command().map(c -> c.contains("virt-v2v") || c.contains("qemu")).orElse(false))
                    .forEach(ProcessHandle::destroyForcibly)));
            t.start();
        }
        return conversion;
    }

    private static ConvertedVmwareGuest convert() throws ConversionException {
        GuestImages images = GuestImages.get();
        Path dir = Path.of("target/converted-vmware-guest").toAbsolutePath();
        deleteTree(dir); // an earlier run's volumes (~0.5 GB each)
        ConversionVolume boot = TestVolumes.fromImage(dir, images.vmware());
        ConversionVolume data = TestVolumes.fromImage(dir, images.data());
        List<String> off = new CopyOnWriteArrayList<>();
        SourcePower power = vm -> {
            off.add(vm);
            return "powered-off";
        };
        GuestConverter.Outcome o = converter(dir, power).convert(new GuestConverter.Request("vm-42", "debian-12-test",
                Firmware.BIOS, List.of(new GuestConverter.Disk(boot, "scsi"), new GuestConverter.Disk(data, "scsi"))));
        return new ConvertedVmwareGuest(o, boot, data, off);
    }

    private static void deleteTree(Path dir) {
        if (java.nio.file.Files.isDirectory(dir)) {
            try (var walk = java.nio.file.Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    public static GuestConverter converter(Path dir, SourcePower power) {
        return new GuestConverter(HostTools.guestTools(dir.resolve("work")), Duration.ofMinutes(15), Duration.ofMinutes(40),
                Optional.empty(), power);
    }
}
