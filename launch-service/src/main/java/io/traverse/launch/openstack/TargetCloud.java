package io.traverse.launch.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.traverse.launch.service.CapacityGuard;
import io.traverse.openstack.OpenStackClients;
import io.traverse.openstack.OpenStackException;
import io.traverse.openstack.OpenStackRest;
import io.traverse.openstack.ProtectedResources;
import io.traverse.openstack.TraverseTags;
import jakarta.enterprise.context.ApplicationScoped;
import org.openstack4j.model.compute.AbsoluteLimit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything launch-service does on the target, in the target's terms: Cinder volumes, Neutron ports, Nova servers,
 * compute quota. openstack4j for the compute limits; plain JSON through {@link OpenStackRest} with the same token
 * wherever 3.12 falls short: volume image metadata and metadata merge, Neutron tags, and Nova calls that need a
 * microversion (tags in the server create, the {@code tags} list filter). Reads are JSON too, so a server, volume or
 * port is seen the same way whichever call fetched it.
 *
 * <p>Every change passes {@link ProtectedResources} first; every lookup of "Traverse's own" resources checks the
 * migration id in the resource's own metadata or tags, never its name, and never trusts a server-side filter alone
 * (an API that ignores an unknown filter would otherwise hand back everything).
 */
@ApplicationScoped
public class TargetCloud {

    /** Nova microversion for server tags and the {@code tags} list filter. */
    static final Map<String, String> NOVA_TAGS = Map.of("OpenStack-API-Version", "compute 2.26",
            "X-OpenStack-Nova-API-Version", "2.26");

    /** Nova microversion for tags in the server create call. */
    static final Map<String, String> NOVA_CREATE_WITH_TAGS = Map.of("OpenStack-API-Version", "compute 2.52",
            "X-OpenStack-Nova-API-Version", "2.52");

    private final OpenStackClients clients;
    private final ProtectedResources guard;

    public TargetCloud(OpenStackClients clients, ProtectedResources guard) {
        this.clients = clients;
        this.guard = guard;
    }

    public ProtectedResources guard() {
        return guard;
    }

    // ---------------------------------------------------------------- volumes

    /** A Cinder volume as launch-service needs to see it. */
    public record Volume(String id, String name, String status, boolean bootable, Map<String, String> metadata,
                         List<String> attachedServerIds) {
    }

    /** The volume, or empty when it does not exist. */
    public Optional<Volume> volume(String id) {
        try {
            return Optional.of(volume(rest().get("volumev3", "/volumes/" + id).path("volume")));
        } catch (OpenStackException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Makes a volume ready to boot: Traverse's metadata merged into its metadata (the other keys stay), and for the
     * boot volume the bootable flag and the image properties Nova reads. Refuses a protected volume.
     */
    public void prepareVolume(Volume v, boolean boot, Map<String, String> traverseMetadata,
                              Map<String, String> imageProperties) {
        guard.checkModifiable("volume", v.id(), v.name(), v.metadata());
        OpenStackRest rest = rest();
        rest.post("volumev3", "/volumes/" + v.id() + "/metadata", Map.of("metadata", traverseMetadata));
        if (boot) {
            if (!v.bootable()) {
                rest.post("volumev3", "/volumes/" + v.id() + "/action", Map.of("os-set_bootable", Map.of("bootable", true)));
            }
            rest.post("volumev3", "/volumes/" + v.id() + "/action",
                    Map.of("os-set_image_metadata", Map.of("metadata", imageProperties)));
        }
    }

    /** The image properties Nova will see on the volume ({@code volume_image_metadata}). */
    public Map<String, String> volumeImageMetadata(String volumeId) {
        return strings(rest().get("volumev3", "/volumes/" + volumeId).path("volume").path("volume_image_metadata"));
    }

    /** Volumes whose metadata carry this migration id (filtered by Cinder, checked again here). */
    public List<Volume> traverseVolumes(UUID migrationId) {
        String filter = "{\"" + TraverseTags.MIGRATION_ID + "\":\"" + migrationId + "\"}";
        JsonNode list = rest().get("volumev3", "/volumes/detail?metadata=" + enc(filter)).path("volumes");
        List<Volume> out = new ArrayList<>();
        for (JsonNode n : list) {
            Volume v = volume(n);
            if (TraverseTags.migrationIdOfMetadata(v.metadata()).filter(migrationId::equals).isPresent()) {
                out.add(v);
            }
        }
        return out;
    }

    /** Deletes a volume (refuses a protected one); false when it was already gone. */
    public boolean deleteVolume(Volume v) {
        guard.checkModifiable("volume", v.id(), v.name(), v.metadata());
        return rest().delete("volumev3", "/volumes/" + v.id());
    }

    private static Volume volume(JsonNode v) {
        List<String> attached = new ArrayList<>();
        v.path("attachments").forEach(a -> attached.add(a.path("server_id").asText()));
        return new Volume(v.path("id").asText(), v.path("name").asText(null), v.path("status").asText(),
                v.path("bootable").asText("false").equalsIgnoreCase("true"), strings(v.path("metadata")), attached);
    }

    // ---------------------------------------------------------------- ports

    /** A Neutron port. */
    public record Port(String id, String name, String macAddress, List<String> fixedIps, String deviceId, String status,
                       List<String> tags) {
    }

    public Optional<Port> port(String id) {
        try {
            return Optional.of(port(rest().get("network", "/v2.0/ports/" + id).path("port")));
        } catch (OpenStackException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Adds Traverse's tags that the port lacks (network-mapper may have set them already). Refuses a protected port. */
    public void tagPort(Port p, List<String> tags) {
        guard.checkModifiable("port", p.id(), p.name());
        for (String t : tags) {
            if (!p.tags().contains(t)) {
                rest().put("network", "/v2.0/ports/" + p.id() + "/tags/" + enc(t), null);
            }
        }
    }

    /** Ports tagged with this migration id (filtered by Neutron, checked again here). */
    public List<Port> traversePorts(UUID migrationId) {
        JsonNode list = rest().get("network", "/v2.0/ports?tags=" + enc(TraverseTags.migrationTag(migrationId)))
                .path("ports");
        List<Port> out = new ArrayList<>();
        for (JsonNode n : list) {
            Port p = port(n);
            if (TraverseTags.ownedBy(p.tags(), migrationId)) {
                out.add(p);
            }
        }
        return out;
    }

    public boolean deletePort(Port p) {
        guard.checkModifiable("port", p.id(), p.name());
        return rest().delete("network", "/v2.0/ports/" + p.id());
    }

    private static Port port(JsonNode p) {
        List<String> ips = new ArrayList<>();
        p.path("fixed_ips").forEach(f -> ips.add(f.path("ip_address").asText()));
        List<String> tags = new ArrayList<>();
        p.path("tags").forEach(t -> tags.add(t.asText()));
        return new Port(p.path("id").asText(), p.path("name").asText(""), p.path("mac_address").asText(), ips,
                p.path("device_id").asText(""), p.path("status").asText(), tags);
    }

    // ---------------------------------------------------------------- servers

    /** A Nova server as launch-service needs to see it. */
    public record ServerView(String id, String name, String status, Map<String, String> metadata, String host,
                             List<String> addresses, String fault) {

        public Optional<UUID> migrationId() {
            return TraverseTags.migrationIdOfMetadata(metadata);
        }
    }

    /** What to boot. */
    public record BootRequest(String name, String flavorId, String availabilityZone, List<String> volumeIds,
                              List<String> portIds, Map<String, String> metadata, List<String> tags) {
    }

    /**
     * The servers Traverse created for migrations in this project: listed by Traverse's Nova tag, then kept only if
     * their own metadata carry a migration id. A server created but not tagged yet (a crash in between) is found by
     * {@link #findServer} through its name and metadata.
     */
    public List<ServerView> traverseServers() {
        JsonNode list = rest().call("GET", "compute", "/servers/detail?tags=" + TraverseTags.MANAGED, null, NOVA_TAGS)
                .path("servers");
        List<ServerView> out = new ArrayList<>();
        for (JsonNode n : list) {
            ServerView s = server(n);
            if (s.migrationId().isPresent()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Nova microversion whose server list embeds each server's flavor (name, vCPUs, RAM, disk) and its tags. */
    static final Map<String, String> NOVA_EMBEDDED_FLAVOR = Map.of("OpenStack-API-Version", "compute 2.47",
            "X-OpenStack-Nova-API-Version", "2.47");

    /** A server of the project that Traverse did not create, as the Migration Monitor shows it. */
    public record Workload(String id, String name, String status, String flavorName, Integer flavorVcpus,
                           Integer flavorRamMb, Integer flavorDiskGb, List<String> addresses, Map<String, String> metadata,
                           String created) {
    }

    /**
     * The project's servers that Traverse did not create: neither Traverse's Nova tag nor a migration id in their
     * metadata (either mark alone is enough to leave a server out, so a half-tagged one of ours never shows as
     * someone else's). These are the target's existing workloads; this method only reads them.
     */
    public List<Workload> existingWorkloads() {
        List<Workload> out = new ArrayList<>();
        for (JsonNode n : rest().call("GET", "compute", "/servers/detail", null, NOVA_EMBEDDED_FLAVOR).path("servers")) {
            Map<String, String> metadata = strings(n.path("metadata"));
            boolean tagged = false;
            for (JsonNode t : n.path("tags")) {
                tagged |= TraverseTags.MANAGED.equals(t.asText());
            }
            if (tagged || TraverseTags.migrationIdOfMetadata(metadata).isPresent()) {
                continue;
            }
            List<String> addresses = new ArrayList<>();
            n.path("addresses").forEach(net -> net.forEach(a -> addresses.add(a.path("addr").asText())));
            JsonNode f = n.path("flavor");
            out.add(new Workload(n.path("id").asText(), n.path("name").asText(), n.path("status").asText(),
                    f.path("original_name").asText(f.path("id").asText(null)), intOrNull(f.path("vcpus")),
                    intOrNull(f.path("ram")), intOrNull(f.path("disk")), addresses, metadata,
                    n.path("created").asText(null)));
        }
        return out;
    }

    private static Integer intOrNull(JsonNode n) {
        return n.isNumber() ? n.asInt() : null;
    }

    /**
     * The server Traverse created for this migration, if any: by its Nova tag, then by name (Nova matches names as a
     * regular expression, so this only narrows the list); whatever is found must carry the migration id in its metadata.
     */
    public Optional<ServerView> findServer(UUID migrationId, String instanceName) {
        JsonNode byTag = rest().call("GET", "compute", "/servers/detail?tags=" + enc(TraverseTags.migrationTag(migrationId)),
                null, NOVA_TAGS).path("servers");
        for (JsonNode n : byTag) {
            ServerView s = server(n);
            if (s.migrationId().filter(migrationId::equals).isPresent()) {
                return Optional.of(s);
            }
        }
        JsonNode byName = rest().get("compute", "/servers/detail?name=" + enc(instanceName))
                .path("servers");
        for (JsonNode n : byName) {
            ServerView s = server(n);
            if (s.migrationId().filter(migrationId::equals).isPresent()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Every server in the project whose metadata carry this migration id (for cleanup). */
    public List<ServerView> serversOf(UUID migrationId) {
        List<ServerView> out = new ArrayList<>();
        for (JsonNode n : rest().get("compute", "/servers/detail").path("servers")) {
            ServerView s = server(n);
            if (s.migrationId().filter(migrationId::equals).isPresent()) {
                out.add(s);
            }
        }
        return out;
    }

    public Optional<ServerView> server(String id) {
        try {
            return Optional.of(server(rest().get("compute", "/servers/" + id).path("server")));
        } catch (OpenStackException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Boots from volume: the first volume with boot index 0, the others attached after it, none deleted with the
     * server; the pre-created ports; the zone; metadata and tags in the create call itself (microversion 2.52: Nova
     * refuses to tag a server while it builds, and a server must never exist without its tag). openstack4j 3.12 cannot
     * send tags on create, so this one call is plain JSON.
     */
    public String boot(BootRequest r) {
        List<Map<String, Object>> bdm = new ArrayList<>();
        for (int i = 0; i < r.volumeIds().size(); i++) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("uuid", r.volumeIds().get(i));
            d.put("source_type", "volume");
            d.put("destination_type", "volume");
            d.put("boot_index", i == 0 ? 0 : -1);
            d.put("delete_on_termination", false);
            bdm.add(d);
        }
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("name", r.name());
        server.put("flavorRef", r.flavorId());
        server.put("block_device_mapping_v2", bdm);
        server.put("networks", r.portIds().isEmpty() ? "none"
                : r.portIds().stream().map(p -> Map.of("port", p)).toList());
        if (r.availabilityZone() != null && !r.availabilityZone().isBlank()) {
            server.put("availability_zone", r.availabilityZone());
        }
        server.put("metadata", r.metadata());
        server.put("tags", r.tags());
        JsonNode created = rest().call("POST", "compute", "/servers", Map.of("server", server), NOVA_CREATE_WITH_TAGS);
        String id = created.path("server").path("id").asText(null);
        if (id == null) {
            throw new OpenStackException(0, "server create " + r.name() + " returned no server id");
        }
        return id;
    }

    /**
     * The compute host of a server as the admin identity sees it ({@code OS-EXT-SRV-ATTR:host} is admin-only), when
     * {@code traverse.openstack.admin.*} is configured; empty otherwise or when the call fails (it is only reported).
     */
    public Optional<String> hostAsAdmin(String serverId) {
        return clients.adminRest().flatMap(admin -> {
            try {
                return Optional.ofNullable(admin.get("compute", "/servers/" + serverId).path("server")
                        .path("OS-EXT-SRV-ATTR:host").asText(null));
            } catch (OpenStackException e) {
                return Optional.empty();
            }
        });
    }

    /** Deletes a server (refuses a protected one); false when it was already gone. */
    public boolean deleteServer(ServerView s) {
        guard.checkModifiable("server", s.id(), s.name(), s.metadata());
        return rest().delete("compute", "/servers/" + s.id());
    }

    private static ServerView server(JsonNode s) {
        List<String> addresses = new ArrayList<>();
        s.path("addresses").forEach(net -> net.forEach(a -> addresses.add(a.path("addr").asText())));
        JsonNode fault = s.path("fault");
        String faultText = fault.isMissingNode() || fault.isNull() ? null
                : fault.path("message").asText() + (fault.hasNonNull("code") ? " (code " + fault.path("code").asInt() + ")" : "");
        return new ServerView(s.path("id").asText(), s.path("name").asText(), s.path("status").asText(),
                strings(s.path("metadata")), s.path("OS-EXT-SRV-ATTR:host").asText(null), addresses, faultText);
    }

    // ---------------------------------------------------------------- quota

    /** Nova's absolute limits for the project. */
    public CapacityGuard.Quota computeQuota() {
        AbsoluteLimit l = clients.client().compute().quotaSets().limits().getAbsolute();
        return new CapacityGuard.Quota(l.getMaxTotalInstances(), l.getTotalInstancesUsed(), l.getMaxTotalCores(),
                l.getTotalCoresUsed(), l.getMaxTotalRAMSize(), l.getTotalRAMUsed());
    }

    // ---------------------------------------------------------------- plumbing

    private OpenStackRest rest() {
        return clients.rest();
    }

    private static Map<String, String> strings(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            n.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        }
        return m;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
