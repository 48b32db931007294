package io.traverse.conversion.guest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libguestfs inspection of a VM's disks, in a guestfish session: the operating system (inspect-os and friends) and,
 * for Linux, what decides between virt-v2v and the light path — whether the default kernel's initramfs can reach a
 * virtio disk, and which fstab/bootloader entries name disks by kernel name. The guest's own lsinitramfs/lsinitrd
 * lists its initramfs (it knows the guest's compression); it runs inside the appliance, on the session's overlay.
 */
public final class GuestInspector {

    /** Disk names that change when the disk moves from VMware's SCSI/IDE controller to virtio-blk. */
    static final Pattern KERNEL_NAME = Pattern.compile("/dev/(?:sd|hd|xvd)[a-z]+\\d*");
    private static final Pattern FSTAB_DEVICE = Pattern.compile("^\\s*(" + KERNEL_NAME.pattern() + ")\\s");
    private static final Pattern ROOT_ARG = Pattern.compile("root=(" + KERNEL_NAME.pattern() + ")");
    private static final List<String> GRUB_CONFIGS = List.of("/boot/grub/grub.cfg", "/boot/grub2/grub.cfg", "/etc/default/grub");

    private GuestInspector() {
    }

    public static GuestInspection inspect(Guestfish g) throws IOException {
        List<String> roots = g.lines("inspect-os");
        if (roots.isEmpty()) {
            return GuestInspection.noOs();
        }
        String root = roots.getFirst();
        String type = g.call("inspect-get-type", root).trim();
        String distro = g.call("inspect-get-distro", root).trim();
        String product = g.call("inspect-get-product-name", root).trim();
        int major = parseInt(g.call("inspect-get-major-version", root));
        int minor = parseInt(g.call("inspect-get-minor-version", root));
        if (roots.size() > 1 || !"linux".equals(type)) {
            return new GuestInspection(roots, type, distro, product, major, minor, null, false, false, Map.of(), false, null);
        }
        mountAll(g, root);
        String kernel = defaultKernel(g);
        boolean virtioBlk = false;
        boolean virtioNet = false;
        if (kernel != null) {
            String builtin = text(g.optional("cat", "/lib/modules/" + kernel + "/modules.builtin"));
            String deps = text(g.optional("cat", "/lib/modules/" + kernel + "/modules.dep"));
            virtioNet = builtin.contains("/virtio_net.ko") || deps.contains("/virtio_net.ko");
            virtioBlk = builtin.contains("/virtio_blk.ko") || builtin.contains("/virtio_scsi.ko")
                    || initrdHasVirtioBlock(g, kernel);
        }
        Map<String, List<String>> named = kernelNameDevices(g);
        boolean tools = g.isFile("/usr/bin/vmtoolsd") || g.isFile("/usr/sbin/vmtoolsd");
        return new GuestInspection(roots, type, distro, product, major, minor, kernel, virtioBlk, virtioNet, named, tools,
                g.optional("cat", "/etc/fstab"));
    }

    /** Mounts the guest's file systems as inspection found them, parents first. */
    static void mountAll(Guestfish g, String root) throws IOException {
        List<String[]> mps = new ArrayList<>();
        for (String l : g.lines("inspect-get-mountpoints", root)) {
            int i = l.indexOf(": ");
            if (i > 0) {
                mps.add(new String[] {l.substring(0, i), l.substring(i + 2).trim()});
            }
        }
        mps.sort(Comparator.comparingInt(m -> m[0].length()));
        for (String[] m : mps) {
            try {
                g.call("mount", m[1], m[0]);
            } catch (IOException e) {
                if ("/".equals(m[0])) {
                    throw e;
                }
                // a swap partition or a file system the appliance cannot mount: not needed for conversion
            }
        }
    }

    /** The newest kernel that has both modules and a vmlinuz: what GRUB boots by default on the distributions we see. */
    static String defaultKernel(Guestfish g) throws IOException {
        List<String> boot = g.optional("ls", "/boot") == null ? List.of() : g.lines("ls", "/boot");
        List<String> mods = g.optional("ls", "/lib/modules") == null ? List.of() : g.lines("ls", "/lib/modules");
        return mods.stream().filter(k -> boot.contains("vmlinuz-" + k)).max(GuestInspector::compareVersions).orElse(null);
    }

    private static boolean initrdHasVirtioBlock(Guestfish g, String kernel) throws IOException {
        for (String initrd : List.of("/boot/initrd.img-" + kernel, "/boot/initramfs-" + kernel + ".img", "/boot/initrd-" + kernel)) {
            if (g.isFile(initrd)) {
                String listing = text(g.optional("sh", "{ lsinitramfs " + initrd + " || lsinitrd " + initrd
                        + "; } 2>/dev/null | grep -E 'virtio_(blk|scsi)\\.ko' ; true"));
                return listing.contains("virtio_blk.ko") || listing.contains("virtio_scsi.ko");
            }
        }
        return false;
    }

    /** fstab and bootloader entries that name a disk by its kernel name: file → the names. */
    static Map<String, List<String>> kernelNameDevices(Guestfish g) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String fstab = g.optional("cat", "/etc/fstab");
        if (fstab != null) {
            List<String> devs = new ArrayList<>();
            for (String l : fstab.lines().toList()) {
                Matcher m = FSTAB_DEVICE.matcher(l);
                if (m.find() && !devs.contains(m.group(1))) {
                    devs.add(m.group(1));
                }
            }
            if (!devs.isEmpty()) {
                out.put("/etc/fstab", devs);
            }
        }
        for (String cfg : GRUB_CONFIGS) {
            String text = g.isFile(cfg) ? g.optional("cat", cfg) : null;
            if (text != null) {
                List<String> devs = new ArrayList<>();
                Matcher m = ROOT_ARG.matcher(text);
                while (m.find()) {
                    if (!devs.contains(m.group(1))) {
                        devs.add(m.group(1));
                    }
                }
                if (!devs.isEmpty()) {
                    out.put(cfg, devs);
                }
            }
        }
        return out;
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("[.\\-+~]");
        String[] y = b.split("[.\\-+~]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d+") && y[i].matches("\\d+")
                    ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i])) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
