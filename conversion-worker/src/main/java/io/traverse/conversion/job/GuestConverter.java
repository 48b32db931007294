package io.traverse.conversion.job;

import io.traverse.conversion.guest.ConversionPlan;
import io.traverse.conversion.guest.GuestInspection;
import io.traverse.conversion.guest.GuestInspector;
import io.traverse.conversion.guest.GuestTools;
import io.traverse.conversion.guest.Guestfish;
import io.traverse.conversion.guest.LightFixer;
import io.traverse.conversion.guest.UnsupportedGuestException;
import io.traverse.conversion.guest.VirtV2vInPlace;
import io.traverse.conversion.source.SourcePower;
import io.traverse.conversion.volumes.ConversionVolume;
import io.traverse.events.ConversionPath;
import io.traverse.events.Firmware;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One VM's conversion, in the order that keeps a failure harmless: the marker check (AC5), a read-only inspection,
 * the decision, every precondition (virtio-win for Windows) — nothing has changed up to here — then the Windows
 * source's power-off (AC6, only when virt-v2v is about to run), the conversion, a read-only verification of the
 * result, and the markers on the volumes.
 */
public final class GuestConverter {

    private static final Logger LOG = Logger.getLogger(GuestConverter.class);
    public static final String ALREADY_CONVERTED = "Volume already converted";
    public static final Path DEFAULT_VIRTIO_WIN = Path.of("/usr/share/virtio-win/virtio-win.iso");
    public static final String LIGHT_TOOL = "guestfish";

    /** A disk to convert: its volume and the bus it hung on at the source (scsi, sata, ide). */
    public record Disk(ConversionVolume volume, String bus) {
    }

    /** The VM: its source id (for power-off), name, firmware, and disks in boot order. */
    public record Request(String vmId, String vmName, Firmware firmware, List<Disk> disks) {
        public Request {
            disks = List.copyOf(disks);
        }
    }

    /**
     * What was done.
     *
     * @param inspection the guest before (null when the marker made inspection unnecessary)
     * @param after      the guest after, as verified (null for NONE and for Windows)
     */
    public record Outcome(ConversionPath path, String tool, String toolVersion, String reason, List<String> fixes,
                          GuestInspection inspection, GuestInspection after, Duration took) {
    }

    /** Inspects disks read-only; the real one boots a libguestfs appliance. */
    @FunctionalInterface
    public interface Inspector {
        GuestInspection inspect(List<Path> disks) throws IOException;
    }

    private final GuestTools tools;
    private final Inspector inspector;
    private final Duration inspectTimeout;
    private final Duration v2vTimeout;
    private final Optional<Path> virtioWin;
    private final SourcePower power;

    public GuestConverter(GuestTools tools, Duration inspectTimeout, Duration v2vTimeout, Optional<Path> virtioWin, SourcePower power) {
        this(tools, null, inspectTimeout, v2vTimeout, virtioWin, power);
    }

    /** With another inspector (tests: a guest that cannot be built here, such as Windows). */
    public GuestConverter(GuestTools tools, Inspector inspector, Duration inspectTimeout, Duration v2vTimeout,
                          Optional<Path> virtioWin, SourcePower power) {
        this.tools = tools;
        this.inspector = inspector != null ? inspector : this::inspectDisks;
        this.inspectTimeout = inspectTimeout;
        this.v2vTimeout = v2vTimeout;
        this.virtioWin = virtioWin;
        this.power = power;
    }

    public Outcome convert(Request req) throws ConversionException {
        long start = System.nanoTime();
        List<Path> files = req.disks().stream().map(d -> d.volume().device()).toList();
        try {
            if (req.disks().getFirst().volume().converted()) {
                LOG.infof("%s: %s (%s)", req.vmName(), ALREADY_CONVERTED, req.disks().getFirst().volume().id());
                return new Outcome(ConversionPath.NONE, null, null, ALREADY_CONVERTED, List.of(), null, null, since(start));
            }
            GuestInspection found = inspector.inspect(files);
            ConversionPlan plan;
            try {
                plan = ConversionPlan.decide(found);
            } catch (UnsupportedGuestException e) {
                throw new ConversionException(e.getMessage(), false);
            }
            LOG.infof("%s: %s — %s", req.vmName(), plan.path(), plan.reason());
            String tool = null;
            String version = null;
            List<String> fixes = List.of();
            switch (plan.path()) {
                case NONE -> {
                }
                case LIGHT -> {
                    tool = LIGHT_TOOL;
                    version = tools.version("guestfish");
                    try (Guestfish g = Guestfish.open(tools, inspectTimeout, false, files)) {
                        fixes = LightFixer.apply(g, found);
                    }
                }
                case FULL_V2V -> {
                    GuestTools v2v = tools;
                    if (found.isWindows()) {
                        Path drivers = virtioWinOrFail(found);
                        v2v = tools.with("VIRTIO_WIN", drivers.toString());
                        powerOffSource(req, found);
                    }
                    tool = VirtV2vInPlace.TOOL;
                    version = tools.version(VirtV2vInPlace.TOOL);
                    List<VirtV2vInPlace.Disk> disks = req.disks().stream()
                            .map(d -> new VirtV2vInPlace.Disk(d.volume().device(), d.bus())).toList();
                    GuestTools.Result r = VirtV2vInPlace.run(v2v, v2vTimeout, req.vmName(), req.firmware(), disks);
                    LOG.infof("%s: %s %s took %d s", req.vmName(), tool, version, r.took().toSeconds());
                }
            }
            GuestInspection after = plan.path() != ConversionPath.NONE && found.isLinux() ? verify(files, tool) : null;
            for (Disk d : req.disks()) {
                d.volume().updateMetadata(marker(plan.path(), tool, version));
            }
            String reason = plan.path() == ConversionPath.LIGHT ? lightReason(plan, fixes) : plan.reason();
            return new Outcome(plan.path(), tool, version, reason, fixes, found, after, since(start));
        } catch (io.traverse.conversion.guest.GuestTools.ToolTimeoutException e) {
            throw new ConversionException(e.getMessage(), true, e);
        } catch (IOException e) {
            throw new ConversionException(e.getMessage(), false, e);
        }
    }

    private static String lightReason(ConversionPlan plan, List<String> fixes) {
        return plan.reason() + (fixes.isEmpty() ? "; nothing to fix" : "; fixed " + String.join("; ", fixes));
    }

    /**
     * libguestfs boots an appliance to inspect (tens of seconds, minutes without KVM). A disk an OS can boot from
     * carries a partition table, a file system, an LVM/RAID member or an encrypted container: when blkid finds none
     * of those on any disk there is no OS to find, and the appliance is not started.
     */
    private GuestInspection inspectDisks(List<Path> files) throws IOException {
        boolean blank;
        try {
            blank = !files.isEmpty() && noSignatureOnAnyDisk(files);
        } catch (IOException e) { // no blkid here: inspect the long way
            LOG.debugf("blkid could not probe the disks (%s); inspecting with libguestfs", e.getMessage());
            blank = false;
        }
        if (blank) {
            LOG.infof("No partition table, file system or volume signature on %d disk(s): no operating system to inspect", files.size());
            return GuestInspection.noOs();
        }
        return inspectWithGuestfish(files);
    }

    private boolean noSignatureOnAnyDisk(List<Path> files) throws IOException {
        for (Path f : files) {
            // -p: low-level probe of the device itself (partition tables and superblocks, not the cache); exit 2 =
            // nothing found. Anything else (found, or blkid missing or failing) means: inspect properly.
            GuestTools.Result r = tools.run(Duration.ofSeconds(60), "blkid", "-p", "-o", "export", f.toString());
            if (r.exitCode() != 2) {
                return false;
            }
        }
        return true;
    }

    private GuestInspection inspectWithGuestfish(List<Path> files) throws IOException {
        try (Guestfish g = Guestfish.open(tools, inspectTimeout, true, files)) {
            return GuestInspector.inspect(g);
        }
    }

    /** The converted guest, inspected again read-only: virtio reachable from the initramfs, no kernel disk names left. */
    private GuestInspection verify(List<Path> files, String tool) throws IOException, ConversionException {
        GuestInspection after = inspectWithGuestfish(files);
        if (!after.virtioBlockInInitrd()) {
            throw new ConversionException("after " + tool + " the initramfs of " + after.kernel() + " still has no virtio block driver", false);
        }
        if (!after.kernelNameDevices().isEmpty()) {
            throw new ConversionException("after " + tool + " these entries still name disks by their VMware kernel names: "
                    + after.kernelNameDevices(), false);
        }
        return after;
    }

    private Path virtioWinOrFail(GuestInspection g) throws ConversionException {
        Path p = virtioWin.orElse(DEFAULT_VIRTIO_WIN);
        if (!Files.exists(p)) {
            throw new ConversionException(g.describe() + " needs the virtio-win drivers to be converted, and there are none at " + p
                    + ": install the virtio-win package (it provides " + DEFAULT_VIRTIO_WIN + ") in the conversion image, or set "
                    + "traverse.conversion.tools.virtio-win (TRAVERSE_CONVERSION_TOOLS_VIRTIO_WIN) to a virtio-win ISO or directory. "
                    + "Nothing was changed: the source VM was not powered off and the volumes are untouched.", false);
        }
        return p;
    }

    private void powerOffSource(Request req, GuestInspection g) throws ConversionException {
        try {
            String action = power.powerOff(req.vmId());
            LOG.infof("%s (%s): source VM %s powered off for virt-v2v (%s)", req.vmName(), g.describe(), req.vmId(), action);
        } catch (RuntimeException e) {
            throw new ConversionException("could not power off the Windows source VM " + req.vmId() + " before virt-v2v: "
                    + e.getMessage() + " (nothing was converted)", true, e);
        }
    }

    static Map<String, String> marker(ConversionPath path, String tool, String version) {
        return tool == null
                ? Map.of(ConversionVolume.CONVERTED, "true", ConversionVolume.PATH, path.name())
                : Map.of(ConversionVolume.CONVERTED, "true", ConversionVolume.PATH, path.name(), ConversionVolume.TOOL, tool,
                        ConversionVolume.TOOL_VERSION, version);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
