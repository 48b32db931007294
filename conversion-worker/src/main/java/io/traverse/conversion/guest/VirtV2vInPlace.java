package io.traverse.conversion.guest;

import io.traverse.events.Firmware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The full path: {@code virt-v2v-in-place -i libvirtxml} over the VM's disks, described as they were attached on
 * VMware (SCSI or IDE/SATA, BIOS or UEFI), so virt-v2v knows which names to remap to virtio. It installs virtio
 * drivers (Linux: rebuilds the initramfs with them; Windows: from VIRTIO_WIN, plus first-boot scripts), fixes the
 * bootloader and fstab, and removes VMware Tools.
 */
public final class VirtV2vInPlace {

    public static final String TOOL = "virt-v2v-in-place";

    /** One disk as the source VM had it. */
    public record Disk(Path file, String bus) {
    }

    private VirtV2vInPlace() {
    }

    public static GuestTools.Result run(GuestTools tools, Duration timeout, String name, Firmware firmware, List<Disk> disks)
            throws IOException {
        Path xml = Files.createTempFile(Files.createDirectories(tools.workDir()), "domain-", ".xml");
        try {
            Files.writeString(xml, domainXml(name, firmware, disks));
            GuestTools.Result r = tools.run(timeout, TOOL, "-i", "libvirtxml", "--root", "single", xml.toString());
            if (!r.ok()) {
                throw new GuestToolException(TOOL + " failed", r);
            }
            return r;
        } finally {
            Files.deleteIfExists(xml);
        }
    }

    /** The source VM as libvirt XML, the input virt-v2v-in-place reads (only what conversion looks at). */
    static String domainXml(String name, Firmware firmware, List<Disk> disks) {
        StringBuilder s = new StringBuilder();
        s.append("<domain type='kvm'>\n  <name>").append(xmlText(name)).append("</name>\n")
                .append("  <memory unit='MiB'>1024</memory>\n  <vcpu>1</vcpu>\n")
                .append(firmware == Firmware.EFI ? "  <os firmware='efi'>\n" : "  <os>\n")
                .append("    <type arch='x86_64'>hvm</type>\n  </os>\n  <devices>\n");
        int scsi = 0;
        int ide = 0;
        for (Disk d : disks) {
            boolean isIde = "ide".equals(d.bus());
            String bus = isIde ? "ide" : "sata".equals(d.bus()) ? "sata" : "scsi";
            String dev = (isIde ? "hd" : "sd") + (char) ('a' + (isIde ? ide++ : scsi++));
            s.append("    <disk type='file' device='disk'>\n      <driver name='qemu' type='raw'/>\n")
                    .append("      <source file='").append(xmlText(d.file().toAbsolutePath().toString())).append("'/>\n")
                    .append("      <target dev='").append(dev).append("' bus='").append(bus).append("'/>\n    </disk>\n");
        }
        return s.append("  </devices>\n</domain>\n").toString();
    }

    /** The bus of a disk from its source controller ("pvscsi 0:0", "lsilogic", "sata 0:1", "ide 0:0"). */
    public static String bus(String controller) {
        String c = controller == null ? "" : controller.toLowerCase();
        return c.startsWith("ide") ? "ide" : c.startsWith("sata") || c.startsWith("ahci") ? "sata" : "scsi";
    }

    private static String xmlText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }
}
