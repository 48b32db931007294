package io.traverse.disktransfer.nbd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Pipeline A: the nbdkit {@code vddk} plugin's parameters for one disk of one snapshot. VMware's VDDK is proprietary
 * and supplied by the user (a directory with {@code lib64/libvixDiskLib.so*}); nothing here ships or loads it.
 * The password is passed as {@code password=+FILE} so it never appears in a process listing.
 *
 * @param libdir       VDDK directory (nbdkit's {@code libdir=})
 * @param server       vCenter (or ESXi) host name
 * @param user         vCenter user
 * @param passwordFile file holding the password
 * @param thumbprint   SHA-1 thumbprint of the server's certificate, "AA:BB:..." (20 bytes)
 * @param vmMoref      the VM's managed object id, e.g. vm-42
 * @param snapshot     the snapshot's managed object id, e.g. snapshot-7; null reads the disk itself (source powered off)
 * @param file         the disk as a datastore path, e.g. "[LocalDS_0] vm-42/disk1.vmdk"
 * @param transports   VDDK transport modes in order of preference, e.g. [hotadd, nbdssl, nbd]
 * @param configFile   optional VDDK config file ({@code config=})
 */
public record VddkCommand(Path libdir, String server, String user, Path passwordFile, String thumbprint, String vmMoref,
                          String snapshot, String file, List<String> transports, Optional<Path> configFile) {

    private static final Pattern THUMBPRINT = Pattern.compile("([0-9A-F]{2}:){19}[0-9A-F]{2}");
    private static final List<String> MODES = List.of("file", "san", "hotadd", "nbd", "nbdssl");

    public VddkCommand {
        thumbprint = thumbprint.toUpperCase();
        if (!THUMBPRINT.matcher(thumbprint).matches()) {
            throw new IllegalArgumentException("thumbprint must be the certificate's SHA-1 as 20 hex pairs with colons");
        }
        if (transports.isEmpty() || !MODES.containsAll(transports)) {
            throw new IllegalArgumentException("transports must be some of " + MODES + ": " + transports);
        }
        if (!vmMoref.matches("vm-\\d+") || (snapshot != null && !snapshot.matches("snapshot-\\d+"))) {
            throw new IllegalArgumentException("vm and snapshot must be managed object ids (vm-N, snapshot-N)");
        }
        transports = List.copyOf(transports);
    }

    /** Filters that make VDDK faster and steadier: cache extents queries, retry transient errors. */
    public List<String> filters() {
        return List.of("cacheextents", "retry");
    }

    /** {@code vddk libdir=.. server=.. ...} as nbdkit's plugin and parameters. */
    public List<String> pluginArgs() {
        List<String> a = new ArrayList<>();
        a.add("vddk");
        a.add("libdir=" + libdir);
        a.add("server=" + server);
        a.add("user=" + user);
        a.add("password=+" + passwordFile);
        a.add("thumbprint=" + thumbprint);
        a.add("vm=moref=" + vmMoref);
        if (snapshot != null) {
            a.add("snapshot=" + snapshot);
        }
        a.add("transports=" + String.join(":", transports));
        configFile.ifPresent(c -> a.add("config=" + c));
        a.add("file=" + file);
        return a;
    }
}
