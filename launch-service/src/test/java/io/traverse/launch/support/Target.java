package io.traverse.launch.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.traverse.events.ConversionPath;
import io.traverse.events.Firmware;
import io.traverse.events.MigrationMode;
import io.traverse.events.MigrationRequested;
import io.traverse.events.PortMapping;
import io.traverse.events.PowerState;
import io.traverse.events.SourceDisk;
import io.traverse.events.SourceNic;
import io.traverse.events.SourceVm;
import io.traverse.events.TargetFlavor;
import io.traverse.events.VmConverted;
import io.traverse.events.VmMapped;
import io.traverse.openstack.OpenStackClients;
import io.traverse.openstack.OpenStackException;
import io.traverse.openstack.TraverseTags;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.awaitility.Awaitility.await;

/**
 * What a launch test needs on the real OpenStack testbed, made the way the earlier phases make it: Cinder volumes
 * carrying Traverse's metadata (disk-transfer-worker's), a Neutron port on {@code frontier-net} with a VMware MAC and
 * Traverse's tags (network-mapper's), and the vm.converted that names them. {@link #sweep} deletes, for one migration,
 * every server and volume whose metadata and every port whose tags carry its migration id: the test's leftovers,
 * never anything by name.
 */
public final class Target {

    public static final String TEST_VM_PREFIX = "launch-test-";

    private final OpenStackClients clients;

    public Target(OpenStackClients clients) {
        this.clients = clients;
    }

    /** A GET that rides out the shared testbed's slow moments (no answer within the read timeout, 5xx): 4 tries. */
    public JsonNode get(String service, String path) {
        for (int attempt = 1; ; attempt++) {
            try {
                return clients.rest().get(service, path);
            } catch (OpenStackException e) {
                if (!e.retryable() || attempt == 4) {
                    throw e;
                }
                try {
                    Thread.sleep(2000L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** One migration's prepared source: its id, VM, volumes and ports. */
    public record Prepared(UUID migrationId, String vmId, String vmName, List<String> volumeIds, List<PortMapping> ports) {
    }

    public Prepared prepare(int disks, Firmware firmware) {
        UUID id = UUID.randomUUID();
        String vmId = "vm-" + ThreadLocalRandom.current().nextInt(10_000, 99_999);
        String vmName = TEST_VM_PREFIX + id.toString().substring(0, 8);
        List<String> volumes = new ArrayList<>();
        for (int i = 0; i < disks; i++) {
            volumes.add(volume(id, vmId, vmName + "-disk" + i));
        }
        List<PortMapping> ports = List.of(port(id, vmId, vmName));
        awaitAvailable(volumes);
        return new Prepared(id, vmId, vmName, volumes, ports);
    }

    public String volume(UUID migrationId, String vmId, String name) {
        Map<String, Object> meta = new LinkedHashMap<>(TraverseTags.metadata(migrationId, vmId));
        meta.put("converted", "true");
        JsonNode v = clients.rest().post("volumev3", "/volumes", Map.of("volume", Map.of("size", 1, "name", name,
                "metadata", meta)));
        return v.path("volume").path("id").asText();
    }

    public void awaitAvailable(List<String> volumes) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> volumes.stream()
                .allMatch(v -> "available".equals(volumeJson(v).path("status").asText())));
    }

    public PortMapping port(UUID migrationId, String vmId, String name) {
        String net = networkId("frontier-net");
        String mac = String.format("00:50:56:%02x:%02x:%02x", ThreadLocalRandom.current().nextInt(256),
                ThreadLocalRandom.current().nextInt(256), ThreadLocalRandom.current().nextInt(256));
        JsonNode p = clients.rest().post("network", "/v2.0/ports", Map.of("port", Map.of("network_id", net,
                "name", name, "mac_address", mac, "description", TraverseTags.description(migrationId, vmId))))
                .path("port");
        String portId = p.path("id").asText();
        clients.rest().put("network", "/v2.0/ports/" + portId + "/tags",
                Map.of("tags", TraverseTags.neutronTags(migrationId, vmId)));
        String ip = p.path("fixed_ips").get(0).path("ip_address").asText();
        String subnet = p.path("fixed_ips").get(0).path("subnet_id").asText();
        return new PortMapping(mac, net, subnet, portId, ip, true, List.of());
    }

    public String networkId(String name) {
        return get("network", "/v2.0/networks?name=" + name).path("networks").get(0).path("id").asText();
    }

    public String flavorId(String name) {
        return clients.client().compute().flavors().list().stream().filter(f -> name.equals(f.getName()))
                .findFirst().orElseThrow().getId();
    }

    public VmConverted converted(Prepared p, TargetFlavor flavor, Firmware firmware, String guestId) {
        MigrationRequested request = new MigrationRequested(UUID.nameUUIDFromBytes(("plan-" + p.migrationId()).getBytes()),
                1, p.vmId(), p.vmName(), MigrationMode.COLD, null, null, List.of(), "test");
        List<SourceDisk> disks = new ArrayList<>();
        for (int i = 0; i < p.volumeIds().size(); i++) {
            disks.add(new SourceDisk(2000 + i, "[LocalDS_0] " + p.vmName() + "/disk" + i + ".vmdk", "LocalDS_0",
                    1L << 30, true, "pvscsi 0:" + i, null));
        }
        List<SourceNic> nics = p.ports().stream().map(m -> new SourceNic(4000, m.sourceMac(), "dvportgroup-13", "DC0_DVPG0"))
                .toList();
        SourceVm vm = new SourceVm(p.vmId(), p.vmName(), UUID.randomUUID().toString(), flavor.vcpus(), 32, guestId,
                firmware, PowerState.POWERED_OFF, "DC0_C0", "DC0_C0_H0", "DC0", false, disks, nics);
        Map<Integer, String> types = new HashMap<>();
        disks.forEach(d -> types.put(d.key(), "__DEFAULT__"));
        VmMapped mapped = new VmMapped(request, vm, flavor, "nova", p.ports(), types);
        return new VmConverted(ConversionPath.LIGHT, "virt-v2v-in-place", "2.6.0", "test guest", p.volumeIds(), mapped);
    }

    public TargetFlavor tiny() {
        return new TargetFlavor(flavorId("m1.tiny"), "m1.tiny", 1, 256, 0, false);
    }

    public JsonNode volumeJson(String id) {
        try {
            return get("volumev3", "/volumes/" + id).path("volume");
        } catch (OpenStackException e) {
            if (e.status() == 404) {
                return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
            throw e;
        }
    }

    public JsonNode portJson(String id) {
        try {
            return get("network", "/v2.0/ports/" + id).path("port");
        } catch (OpenStackException e) {
            if (e.status() == 404) {
                return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
            throw e;
        }
    }

    /** Servers whose metadata carry this migration id. */
    public List<JsonNode> serversOf(UUID migrationId) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode s : get("compute", "/servers/detail").path("servers")) {
            if (migrationId.toString().equals(s.path("metadata").path(TraverseTags.MIGRATION_ID).asText())) {
                out.add(s);
            }
        }
        return out;
    }

    /** Every Traverse server (metadata carries a migration id) whose source VM name is one of these tests'. */
    public List<JsonNode> testServers() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode s : get("compute", "/servers/detail").path("servers")) {
            JsonNode m = s.path("metadata");
            if (m.has(TraverseTags.MIGRATION_ID) && m.path("traverse-source-vm-name").asText().startsWith(TEST_VM_PREFIX)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Traverse servers (metadata carry a migration id) that are not these tests': another stack's on the shared testbed. */
    public List<String> foreignTraverseServers() {
        List<String> out = new ArrayList<>();
        for (JsonNode s : get("compute", "/servers/detail").path("servers")) {
            JsonNode m = s.path("metadata");
            if (m.has(TraverseTags.MIGRATION_ID) && !m.path("traverse-source-vm-name").asText().startsWith(TEST_VM_PREFIX)) {
                out.add(s.path("name").asText() + " (" + s.path("id").asText() + ")");
            }
        }
        return out;
    }

    public JsonNode server(String id) {
        return get("compute", "/servers/" + id).path("server");
    }

    /** Deletes what carries this migration's id (servers, then volumes, then ports); never a protected name. */
    public void sweep(UUID migrationId) {
        for (JsonNode s : serversOf(migrationId)) {
            if (!s.path("name").asText().startsWith("ffp-")) {
                clients.rest().delete("compute", "/servers/" + s.path("id").asText());
            }
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> serversOf(migrationId).isEmpty());
        String filter = URLEncoder.encode("{\"" + TraverseTags.MIGRATION_ID + "\":\"" + migrationId + "\"}", StandardCharsets.UTF_8);
        for (JsonNode v : get("volumev3", "/volumes/detail?metadata=" + filter).path("volumes")) {
            if (migrationId.toString().equals(v.path("metadata").path(TraverseTags.MIGRATION_ID).asText())
                    && !v.path("name").asText().startsWith("ffp-")) {
                String vid = v.path("id").asText();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> !"in-use".equals(volumeJson(vid).path("status").asText()));
                clients.rest().delete("volumev3", "/volumes/" + vid);
            }
        }
        String tag = URLEncoder.encode(TraverseTags.migrationTag(migrationId), StandardCharsets.UTF_8);
        for (JsonNode p : get("network", "/v2.0/ports?tags=" + tag).path("ports")) {
            List<String> tags = new ArrayList<>();
            p.path("tags").forEach(t -> tags.add(t.asText()));
            if (TraverseTags.ownedBy(tags, migrationId)) {
                clients.rest().delete("network", "/v2.0/ports/" + p.path("id").asText());
            }
        }
    }

    /** Deletes servers left by an earlier, interrupted run of these tests (and their volumes and ports). */
    public void sweepLeftovers() {
        for (JsonNode s : testServers()) {
            sweep(UUID.fromString(s.path("metadata").path(TraverseTags.MIGRATION_ID).asText()));
        }
    }
}
