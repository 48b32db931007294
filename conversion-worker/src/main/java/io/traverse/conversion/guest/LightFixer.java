package io.traverse.conversion.guest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The light path: a guest whose initramfs already reaches virtio disks only needs the disk names that change on KVM
 * replaced by file system UUIDs, in fstab and in the bootloader configuration. Nothing else is touched; each edit is
 * returned for the timeline. Runs in a read-write guestfish session whose disks are in the VM's disk order, so the
 * guest's /dev/sdb1 is the appliance's /dev/sdb1.
 */
public final class LightFixer {

    private LightFixer() {
    }

    public static List<String> apply(Guestfish g, GuestInspection inspection) throws IOException {
        g.call("inspect-os"); // inspection state is per appliance: this session's own, before asking for mountpoints
        GuestInspector.mountAll(g, inspection.roots().getFirst());
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : inspection.kernelNameDevices().entrySet()) {
            String file = e.getKey();
            String text = g.call("cat", file);
            Map<String, String> uuids = new LinkedHashMap<>();
            for (String dev : e.getValue()) {
                String uuid = g.call("vfs-uuid", applianceDevice(dev)).trim();
                if (uuid.isEmpty()) {
                    throw new IOException(dev + " in " + file + " has no file system UUID to refer to it by");
                }
                uuids.put(dev, uuid);
            }
            String fixed = file.equals("/etc/fstab") ? fixFstab(text, uuids) : fixRootArgs(text, uuids);
            if (!fixed.equals(text)) {
                g.call("write", file, fixed);
                uuids.forEach((dev, uuid) -> done.add(file + ": " + dev + " → UUID=" + uuid));
            }
        }
        g.call("umount-all");
        g.call("sync");
        return done;
    }

    /** The guest's name for a disk as the appliance (virtio-scsi, /dev/sdX) sees the same disk. */
    static String applianceDevice(String guestDevice) {
        return guestDevice.replaceFirst("^/dev/(?:hd|xvd)", "/dev/sd");
    }

    static String fixFstab(String fstab, Map<String, String> uuids) {
        StringBuilder out = new StringBuilder();
        for (String line : fstab.split("\n", -1)) {
            String trimmed = line.stripLeading();
            String fixedLine = line;
            for (Map.Entry<String, String> u : uuids.entrySet()) {
                if (trimmed.startsWith(u.getKey() + " ") || trimmed.startsWith(u.getKey() + "\t")) {
                    fixedLine = line.replaceFirst(java.util.regex.Pattern.quote(u.getKey()), "UUID=" + u.getValue());
                }
            }
            out.append(fixedLine).append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    static String fixRootArgs(String text, Map<String, String> uuids) {
        String out = text;
        for (Map.Entry<String, String> u : uuids.entrySet()) {
            out = out.replaceAll("root=" + java.util.regex.Pattern.quote(u.getKey()) + "(?=\\s|\"|$)", "root=UUID=" + u.getValue());
        }
        return out;
    }
}
