package io.traverse.disktransfer.target;

import com.fasterxml.jackson.databind.JsonNode;
import io.traverse.openstack.OpenStackClients;
import io.traverse.openstack.OpenStackException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The target path that works everywhere (no volume attached to the worker): a new disk is copied into a sparse scratch
 * file, uploaded to Glance as a raw image, and Cinder makes the volume from the image; the image is deleted after.
 * A volume that exists already (later CBT rounds) is written in place through {@link CinderVolumes}. An interrupted
 * upload round starts over (the scratch file is not kept across runs); the upload sends the zeros of a sparse disk too.
 */
public final class GlanceVolumes implements TargetVolumes {

    private static final long GIB = 1L << 30;

    private final OpenStackClients clients;
    private final CinderVolumes cinder;
    private final LocalFileVolumes scratch;
    private final Duration timeout;

    public GlanceVolumes(OpenStackClients clients, CinderVolumes cinder, Path scratchDir, Duration timeout) throws IOException {
        this.clients = clients;
        this.cinder = cinder;
        this.scratch = new LocalFileVolumes(scratchDir);
        this.timeout = timeout;
    }

    @Override
    public Optional<TargetVolume> find(UUID migrationId, int diskKey) throws IOException {
        return cinder.find(migrationId, diskKey);
    }

    @Override
    public TargetVolume create(UUID migrationId, String sourceVmId, int diskKey, String name, long sizeBytes, String volumeType,
                               String availabilityZone) throws IOException {
        TargetVolume s = scratch.create(migrationId, sourceVmId, diskKey, name, sizeBytes, volumeType, availabilityZone);
        s.updateMetadata(Map.of("traverse-scratch-volume-type", volumeType == null ? "" : volumeType,
                "traverse-scratch-az", availabilityZone == null ? "" : availabilityZone));
        return s;
    }

    /** Uploads a scratch copy to Glance, makes the Cinder volume from it and returns that volume; others as they are. */
    @Override
    public TargetVolume finish(TargetVolume volume) throws IOException {
        if (!Files.exists(volume.device()) || !volume.device().startsWith(scratch.directory())) {
            return volume;
        }
        Map<String, String> meta = new LinkedHashMap<>(volume.metadata());
        String migration = meta.get(TargetVolume.MIGRATION_ID);
        String vm = meta.get(TargetVolume.SOURCE_VM_ID);
        String disk = meta.get(TargetVolume.DISK_KEY);
        String name = meta.getOrDefault("name", "traverse-" + migration + "-" + disk);
        try {
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("name", name);
            image.put("disk_format", "raw");
            image.put("container_format", "bare");
            image.put("visibility", "private");
            image.put(TargetVolume.MIGRATION_ID, migration);
            image.put(TargetVolume.SOURCE_VM_ID, vm);
            String imageId = clients.rest().post("image", "/v2/images", image).path("id").asText();
            try {
                upload(imageId, volume.device());
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("size", (volume.sizeBytes() + GIB - 1) / GIB);
                v.put("name", name);
                v.put("imageRef", imageId);
                String type = meta.get("traverse-scratch-volume-type");
                if (type != null && !type.isBlank()) {
                    v.put("volume_type", type);
                }
                String az = meta.get("traverse-scratch-az");
                if (az != null && !az.isBlank()) {
                    v.put("availability_zone", az);
                }
                v.put("metadata", Map.of(TargetVolume.MIGRATION_ID, migration, TargetVolume.SOURCE_VM_ID, vm, TargetVolume.DISK_KEY, disk));
                String volumeId = clients.rest().post("volumev3", "/volumes", Map.of("volume", v)).path("volume").path("id").asText();
                awaitAvailable(volumeId);
                TargetVolume made = cinder.find(UUID.fromString(migration), Integer.parseInt(disk))
                        .orElseThrow(() -> new IOException("Cinder made volume " + volumeId + " but cannot find it by its metadata"));
                meta.keySet().removeIf(k -> k.startsWith("traverse-scratch") || k.equals("name") || k.equals("volume_type"));
                made.updateMetadata(meta);
                return made;
            } finally {
                clients.rest().delete("image", "/v2/images/" + imageId);
                Files.deleteIfExists(volume.device());
                Files.deleteIfExists(volume.device().resolveSibling(volume.id() + ".properties"));
            }
        } catch (OpenStackException e) {
            throw new IOException("Glance/Cinder: " + e.getMessage(), e);
        }
    }

    private void upload(String imageId, Path file) throws IOException {
        String endpoint = clients.rest().endpoint("image");
        HttpRequest req = HttpRequest.newBuilder(URI.create(endpoint + "/v2/images/" + imageId + "/file"))
                .timeout(Duration.ofHours(6))
                .header("X-Auth-Token", clients.token().getId())
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 204) {
                throw new IOException("Glance upload of image " + imageId + " answered HTTP " + r.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void awaitAvailable(String volumeId) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode v = clients.rest().get("volumev3", "/volumes/" + volumeId).path("volume");
            String status = v.path("status").asText();
            if ("available".equals(status)) {
                return;
            }
            if (status.startsWith("error") || System.nanoTime() > deadline) {
                throw new IOException("volume " + volumeId + " from image is " + status);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }
}
