package io.traverse.disktransfer.target;

import com.fasterxml.jackson.databind.JsonNode;
import io.traverse.openstack.OpenStackClients;
import io.traverse.openstack.OpenStackException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Attaches a Cinder volume to the worker's host through Cinder's attachments API (microversion 3.54: create with
 * this host's connector, {@code os-complete}, delete), so the round writes the volume where the backend makes it
 * appear here, whatever {@code device-path-template} says. The connection Cinder returns decides the path:
 * <ul>
 *   <li>{@code nfs}: the volume's file {@code <mount base>/<md5 of the export>/<name>}, os-brick's layout for a
 *       remote file system, under the mount base Cinder reports (or the one configured). The export must be mounted
 *       there on this host (as os-brick would mount it); the worker does not mount anything itself;</li>
 *   <li>{@code local}: {@code data.device_path};</li>
 *   <li>iSCSI, RBD, Fibre Channel and the rest need os-brick's host-side connect, which this worker does not have: the
 *       attachment is deleted again and the round fails, naming the type.</li>
 * </ul>
 */
public final class CinderAttachments {

    private static final String CINDER = "volumev3";
    private static final Map<String, String> MICROVERSION = Map.of("OpenStack-API-Version", "volume 3.54");

    private final OpenStackClients clients;
    private final String host;
    private final Optional<Path> nfsMountBase;

    /**
     * @param host         this host's name in the connector (Cinder records the attachment against it)
     * @param nfsMountBase where NFS exports are mounted on this host; empty: where Cinder says its hosts mount them
     */
    public CinderAttachments(OpenStackClients clients, String host, Optional<Path> nfsMountBase) {
        this.clients = clients;
        this.host = host;
        this.nfsMountBase = nfsMountBase;
    }

    /** An attachment of one volume to this host and the path to write it at. */
    public record Attached(String attachmentId, String volumeId, String driverVolumeType, Path path) {
    }

    public Attached attach(String volumeId) throws IOException {
        removeLeftovers(volumeId);
        Map<String, Object> connector = new LinkedHashMap<>();
        connector.put("host", host);
        connector.put("platform", System.getProperty("os.arch"));
        connector.put("os_type", "linux");
        connector.put("multipath", false);
        connector.put("do_local_attach", false);
        iscsiInitiator().ifPresent(i -> connector.put("initiator", i));
        JsonNode a;
        try {
            a = clients.rest().call("POST", CINDER, "/attachments", Map.of("attachment",
                    Map.of("volume_uuid", volumeId, "connector", connector, "mode", "rw")), MICROVERSION).path("attachment");
        } catch (OpenStackException e) {
            throw new IOException("Cinder could not attach volume " + volumeId + " to " + host + ": " + e.getMessage(), e);
        }
        String id = a.path("id").asText();
        JsonNode info = a.path("connection_info");
        String type = info.path("driver_volume_type").asText("");
        try {
            Path path = path(volumeId, type, info);
            clients.rest().call("POST", CINDER, "/attachments/" + id + "/action", Map.of("os-complete", Map.of()), MICROVERSION);
            return new Attached(id, volumeId, type, path);
        } catch (OpenStackException e) { // the attachment must not outlive a failed attach
            detach(id);
            throw new IOException("Cinder: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            detach(id);
            throw e;
        }
    }

    /**
     * A worker that died mid-round left its attachment, and the volume (not multi-attach) cannot be attached again
     * while it exists. Traverse's attachments are the ones without an instance (Nova's always name one): those go.
     */
    private void removeLeftovers(String volumeId) throws IOException {
        try {
            for (JsonNode a : clients.rest().call("GET", CINDER, "/attachments?volume_id=" + volumeId, null, MICROVERSION)
                    .path("attachments")) {
                if (a.path("instance").isNull() || a.path("instance").asText("").isEmpty()) {
                    detach(a.path("id").asText());
                }
            }
        } catch (OpenStackException e) {
            throw new IOException("Cinder could not list the attachments of volume " + volumeId + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the attachment (the volume becomes available again); an attachment that is gone already is fine. */
    public void detach(String attachmentId) throws IOException {
        try {
            clients.rest().call("DELETE", CINDER, "/attachments/" + attachmentId, null, MICROVERSION);
        } catch (OpenStackException e) {
            if (e.status() != 404) {
                throw new IOException("Cinder could not delete attachment " + attachmentId + ": " + e.getMessage(), e);
            }
        }
    }

    private Path path(String volumeId, String type, JsonNode info) throws IOException {
        // the attachments API flattens the driver's connection (its "data" merged into connection_info); older
        // shapes (os-initialize_connection) keep it under "data"
        JsonNode data = info.has("data") ? info.path("data") : info;
        Path path = switch (type) {
            case "nfs" -> {
                String export = data.path("export").asText(null);
                String name = data.path("name").asText(null);
                if (export == null || name == null) {
                    throw new IOException("Cinder's NFS connection for volume " + volumeId + " has no export or name: " + data);
                }
                Path base = nfsMountBase.orElseGet(() -> Path.of(info.path("mount_point_base").asText("/var/lib/cinder/mnt")));
                Path mount = base.resolve(md5(export));
                if (!Files.isDirectory(mount)) {
                    throw new IOException("NFS export " + export + " of volume " + volumeId + " is not mounted at " + mount
                            + " on this host (mount it there, or set traverse.disk-transfer.cinder.nfs-mount-base)");
                }
                yield mount.resolve(name);
            }
            case "local" -> Path.of(data.path("device_path").asText(""));
            default -> throw new IOException("Cinder attaches volume " + volumeId + " over '" + type + "', which needs "
                    + "os-brick on the worker's host; this worker writes NFS and local volumes only (use the glance target)");
        };
        if (!Files.exists(path)) {
            throw new IOException("attached volume " + volumeId + " is not at " + path + " on this host");
        }
        return path;
    }

    /** os-brick's mount directory name for a share: the hex MD5 of the export string. */
    static String md5(String export) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(export.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> iscsiInitiator() {
        try {
            Path f = Path.of("/etc/iscsi/initiatorname.iscsi");
            if (!Files.isReadable(f)) {
                return Optional.empty();
            }
            return Files.readAllLines(f).stream().filter(l -> l.startsWith("InitiatorName=")).map(l -> l.substring(14).strip()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
