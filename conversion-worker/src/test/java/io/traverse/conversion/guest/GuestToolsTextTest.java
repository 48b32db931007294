package io.traverse.conversion.guest;

import io.traverse.events.Firmware;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text the tools are given and what is taken from their output. */
class GuestToolsTextTest {

    @Test
    void errorLinesKeepVirtV2vsOwnErrorAndDropTheBugReportBoilerplate() {
        String out = """
                [   0.0] Setting up the source: -i libvirtxml /tmp/domain.xml
                [  12.3] Opening the source
                [  31.9] Inspecting the source
                virt-v2v-in-place: error: inspection could not detect the source guest
                (or physical machine).

                Assuming that you are running virt-v2v/virt-p2v on a source which is
                supported (and not, for example, a blank disk), then this should not
                happen.

                If reporting bugs, run virt-v2v with debugging enabled and include the
                complete output:

                  virt-v2v -v -x [...]
                """;
        String e = ErrorLines.of(out);
        assertTrue(e.startsWith("virt-v2v-in-place: error: inspection could not detect the source guest | (or physical machine)."), e);
        assertTrue(!e.contains("If reporting bugs") && !e.contains("Setting up the source"), e);
    }

    @Test
    void withoutAnErrorLineTheLastLinesAreKept() {
        assertEquals("c | d | e | f | g", ErrorLines.of("a\nb\nc\nd\ne\nf\ng\n"));
    }

    @Test
    void fstabEntriesByKernelNameAreRewrittenToUuidsAndNothingElseChanges() {
        String fstab = "# root\n/dev/sda1  /  ext4  errors=remount-ro  0  1\n/dev/sda10 /srv ext4 defaults 0 2\nproc /proc proc defaults 0 0\n";
        String fixed = LightFixer.fixFstab(fstab, Map.of("/dev/sda1", "7a3f"));
        assertEquals("# root\nUUID=7a3f  /  ext4  errors=remount-ro  0  1\n/dev/sda10 /srv ext4 defaults 0 2\nproc /proc proc defaults 0 0\n", fixed);
        assertEquals("linux /vmlinuz root=UUID=7a3f ro quiet\nlinux /old root=/dev/sda10 ro",
                LightFixer.fixRootArgs("linux /vmlinuz root=/dev/sda1 ro quiet\nlinux /old root=/dev/sda10 ro", Map.of("/dev/sda1", "7a3f")));
        assertEquals("/dev/sdb2", LightFixer.applianceDevice("/dev/hdb2"));
        assertEquals("/dev/sda1", LightFixer.applianceDevice("/dev/xvda1"));
    }

    @Test
    void theSourceVmIsDescribedToVirtV2vWithItsOwnBusesAndFirmware() {
        String xml = VirtV2vInPlace.domainXml("erp<01>", Firmware.EFI, List.of(
                new VirtV2vInPlace.Disk(Path.of("/v/a.raw"), VirtV2vInPlace.bus("pvscsi 0:0")),
                new VirtV2vInPlace.Disk(Path.of("/v/b.raw"), VirtV2vInPlace.bus("ide 0:0")),
                new VirtV2vInPlace.Disk(Path.of("/v/c.raw"), VirtV2vInPlace.bus("lsilogic"))));
        assertTrue(xml.contains("<name>erp&lt;01&gt;</name>"), xml);
        assertTrue(xml.contains("<os firmware='efi'>"), xml);
        assertTrue(xml.contains("<source file='/v/a.raw'/>\n      <target dev='sda' bus='scsi'/>"), xml);
        assertTrue(xml.contains("<source file='/v/b.raw'/>\n      <target dev='hda' bus='ide'/>"), xml);
        assertTrue(xml.contains("<source file='/v/c.raw'/>\n      <target dev='sdb' bus='scsi'/>"), xml);
        assertEquals("sata", VirtV2vInPlace.bus("sata 0:1"));
    }

    @Test
    void kernelVersionsCompareNumerically() {
        assertTrue(GuestInspector.compareVersions("6.1.0-50-amd64", "6.1.0-9-amd64") > 0);
        assertTrue(GuestInspector.compareVersions("5.14.0-362.el9.x86_64", "5.14.0-70.el9.x86_64") > 0);
    }
}
