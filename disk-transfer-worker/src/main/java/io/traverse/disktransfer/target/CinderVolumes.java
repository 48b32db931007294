package io.traverse.disktransfer.target;

import com.fasterxml.jackson.databind.JsonNode;
import io.traverse.openstack.OpenStackClients;
import io.traverse.openstack.OpenStackException;
import io.traverse.openstack.OpenStackRest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Target volumes in Cinder: created through the API with Traverse's metadata, found again by that metadata (never by
 * name), their sync state (change id, checkpoint, converted marker) kept in the volume metadata (AC2). The bytes are
 * written where the volume shows up on the worker's host: {@code devicePathTemplate} with {@code {id}} replaced, e.g.
 * {@code /srv/cinder-nfs/volume-{id}} for an NFS backend mounted on the worker (the testbed), or the device an attach
 * made. With {@link CinderAttachments} the volume is attached to this host through Cinder's attachments API for
 * each round instead, and written where that attachment puts it (NFS and local backends; iSCSI/RBD need os-brick).
 */
public final class CinderVolumes implements TargetVolumes {

    private static final String CINDER = "volumev3";
    private static final long GIB = 1L << 30;

    private final OpenStackClients clients;
    private final String devicePathTemplate;
    private final Duration createTimeout;
    private final CinderAttachments attachments;

    /** Volumes written at {@code devicePathTemplate} (e.g. an NFS backend's export mounted on the worker). */
    public CinderVolumes(OpenStackClients clients, String devicePathTemplate, Duration createTimeout) {
        this(clients, devicePathTemplate, createTimeout, null);
    }

    /** With {@code attachments} non-null, each round attaches the volume to this host and writes it there. */
    public CinderVolumes(OpenStackClients clients, String devicePathTemplate, Duration createTimeout,
                         CinderAttachments attachments) {
        this.clients = clients;
        this.devicePathTemplate = devicePathTemplate;
        this.createTimeout = createTimeout;
        this.attachments = attachments;
    }

    @Override
    public Optional<TargetVolume> find(UUID migrationId, int diskKey) throws IOException {
        OpenStackRest rest = clients.rest();
        try {
            JsonNode list = rest.get(CINDER, "/volumes/detail?all_tenants=0&limit=1000");
            for (JsonNode v : list.path("volumes")) {
                JsonNode m = v.path("metadata");
                if (migrationId.toString().equals(m.path(TargetVolume.MIGRATION_ID).asText(null))
                        && Integer.toString(diskKey).equals(m.path(TargetVolume.DISK_KEY).asText(null))
                        && !"deleting".equals(v.path("status").asText())) {
                    return Optional.of(new Volume(v.path("id").asText(), v.path("size").asLong() * GIB));
                }
            }
            return Optional.empty();
        } catch (OpenStackException e) {
            throw new IOException("Cinder: " + e.getMessage(), e);
        }
    }

    @Override
    public TargetVolume create(UUID migrationId, String sourceVmId, int diskKey, String name, long sizeBytes, String volumeType,
                               String availabilityZone) throws IOException {
        Map<String, Object> volume = new LinkedHashMap<>();
        volume.put("size", (sizeBytes + GIB - 1) / GIB);
        volume.put("name", name);
        volume.put("description", "Traverse migration " + migrationId + ", disk " + diskKey + " of " + sourceVmId);
        if (volumeType != null && !volumeType.isBlank()) {
            volume.put("volume_type", volumeType);
        }
        if (availabilityZone != null && !availabilityZone.isBlank()) {
            volume.put("availability_zone", availabilityZone);
        }
        volume.put("metadata", Map.of(TargetVolume.MIGRATION_ID, migrationId.toString(), TargetVolume.SOURCE_VM_ID, sourceVmId,
                TargetVolume.DISK_KEY, Integer.toString(diskKey)));
        OpenStackRest rest = clients.rest();
        try {
            JsonNode created = rest.post(CINDER, "/volumes", Map.of("volume", volume)).path("volume");
            String id = created.path("id").asText();
            long deadline = System.nanoTime() + createTimeout.toNanos();
            while (true) {
                JsonNode v = rest.get(CINDER, "/volumes/" + id).path("volume");
                String status = v.path("status").asText();
                if ("available".equals(status)) {
                    return new Volume(id, v.path("size").asLong() * GIB);
                }
                if (status.startsWith("error")) {
                    throw new IOException("Cinder volume " + id + " went to " + status);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("Cinder volume " + id + " not available after " + createTimeout + " (" + status + ")");
                }
                Thread.sleep(500);
            }
        } catch (OpenStackException e) {
            throw new IOException("Cinder: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while Cinder created the volume", e);
        }
    }

    private final class Volume implements TargetVolume {
        private final String id;
        private final long size;
        private volatile CinderAttachments.Attached attached;

        Volume(String id, long size) {
            this.id = id;
            this.size = size;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public long sizeBytes() {
            return size;
        }

        @Override
        public Path device() {
            CinderAttachments.Attached a = attached;
            return a != null ? a.path() : Path.of(devicePathTemplate.replace("{id}", id));
        }

        @Override
        public synchronized Attachment attach() throws IOException {
            if (attachments == null || attached != null) {
                return () -> {
                };
            }
            CinderAttachments.Attached a = attachments.attach(id);
            attached = a;
            return () -> {
                synchronized (Volume.this) {
                    if (attached == a) {
                        attached = null;
                        attachments.detach(a.attachmentId());
                    }
                }
            };
        }

        @Override
        public Map<String, String> metadata() throws IOException {
            try {
                JsonNode m = clients.rest().get(CINDER, "/volumes/" + id + "/metadata").path("metadata");
                Map<String, String> out = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.put(e.getKey(), e.getValue().asText());
                }
                return out;
            } catch (OpenStackException e) {
                throw new IOException("Cinder: " + e.getMessage(), e);
            }
        }

        @Override
        public void updateMetadata(Map<String, String> changes) throws IOException {
            Map<String, String> set = new LinkedHashMap<>();
            List<String> delete = new java.util.ArrayList<>();
            changes.forEach((k, v) -> {
                if (v == null) {
                    delete.add(k);
                } else {
                    set.put(k, v);
                }
            });
            try {
                OpenStackRest rest = clients.rest();
                if (!set.isEmpty()) {
                    rest.post(CINDER, "/volumes/" + id + "/metadata", Map.of("metadata", set)); // merges
                }
                for (String k : delete) {
                    rest.delete(CINDER, "/volumes/" + id + "/metadata/" + k); // false (404) when it was not there
                }
            } catch (OpenStackException e) {
                throw new IOException("Cinder: " + e.getMessage(), e);
            }
        }
    }
}
