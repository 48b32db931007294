package io.traverse.migration.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A stand-in for discovery-service's inventory REST API (issue 6 is building the real one), served on a free
 * loopback port the way that service will: {@code GET /api/inventory/vms} and {@code /api/inventory/topology}. The
 * VMs look like vcsim's (1 vCPU, 32 MB, one 10 GiB disk, one NIC on DC0_DVPG0), plus a few with the problems
 * preflight must find. This is a fake of a neighbour's HTTP API, as the style guide allows for HTTP neighbours.
 *
 * <p>VMs: {@code vm-1000} … {@code vm-1199} named {@code app-000} … {@code app-199} (powered on, CBT on, cluster
 * DC0_C0, datastore LocalDS_0), {@code vm-1900} {@code legacy-off} (powered off), {@code vm-1901}
 * {@code snap-nocbt} (CBT off with a snapshot), {@code vm-1902} {@code rdm-db} (physical RDM),
 * {@code vm-1903} {@code odd-net} (NIC on an unmapped port group), {@code vm-1904}/{@code vm-1905} both named
 * {@code twin}, {@code vm-1906} {@code ffp-vdi-01} (the name of a protected server on the OpenStack testbed),
 * {@code vm-1907} {@code efi-app} (EFI firmware). {@link #setPowerState} changes a VM's power state for one test;
 * {@link #addVm} adds a VM of a given size (tests use {@code vm-1950} and up).
 *
 * <p>Lists are paged ({@code page}, {@code size}) and hold summaries, or each VM in full with {@code detail=true}, as
 * discovery-service answers; {@link #listSummariesOnly} answers as a discovery-service that has no detailed list.
 *
 * <p>It also stands in for discovery-service's {@code POST /api/source/vms/{id}/power-on}: it records each request
 * ({@link #powerOnRequests()}) and answers 200, or 409 {@code protected-vm} for the VMs given to {@link #protect}, as
 * discovery-service does for powered-off VMs matching its protected patterns (the real service answers 200 "none:
 * already powered on" for a protected VM that is on, since that changes nothing; {@code RealDiscoveryServiceTest}
 * runs the real service).
 */
public class FakeInventory implements QuarkusTestResourceLifecycleManager {

    private static HttpServer server;
    private static final Map<String, String> POWER = new java.util.concurrent.ConcurrentHashMap<>();
    private static final List<String> POWER_ON_REQUESTS = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final java.util.Set<String> PROTECTED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final Map<String, String> EXTRA = new java.util.concurrent.ConcurrentSkipListMap<>();
    private static final java.util.concurrent.atomic.AtomicInteger SINGLE_VM_READS = new java.util.concurrent.atomic.AtomicInteger();
    private static volatile boolean summariesOnly;

    /** How many {@code GET /api/inventory/vms/{id}} requests were answered so far. */
    public static int singleVmReads() {
        return SINGLE_VM_READS.get();
    }

    /** Answer lists with summaries even when {@code detail=true} is asked, as a discovery-service before it did. */
    public static void listSummariesOnly(boolean on) {
        summariesOnly = on;
    }

    /** The VM ids of every power-on request received, in order. */
    public static List<String> powerOnRequests() {
        return List.copyOf(POWER_ON_REQUESTS);
    }

    /** From now on a power-on of this VM is refused as discovery-service refuses a protected VM. */
    public static void protect(String vmId) {
        PROTECTED.add(vmId);
    }

    /**
     * From now on the inventory also has this VM (powered on, CBT on, cluster DC0_C0, one disk on LocalDS_0, one NIC
     * on DC0_DVPG0), for a test that needs a size the standard VMs do not have.
     */
    public static void addVm(String vmId, String name, int vcpus, long memoryMb, long diskBytes) {
        EXTRA.put(vmId, vm(vmId, name, "POWERED_ON", true, "[]", "null", "DC0_DVPG0")
                .replace("\"vcpus\":1,\"memoryMb\":32,", "\"vcpus\":" + vcpus + ",\"memoryMb\":" + memoryMb + ",")
                .replace("\"capacityBytes\":10737418240,", "\"capacityBytes\":" + diskBytes + ","));
    }

    /** From now on the inventory reports this power state for the VM. */
    public static void setPowerState(String vmId, String powerState) {
        POWER.put(vmId, powerState);
    }

    /** The MAC address the inventory gives the VM's one NIC. */
    public static String macOf(String vmId) {
        return String.format("00:50:56:%02x:%02x:%02x", vmId.hashCode() & 0xff, (vmId.hashCode() >> 8) & 0xff,
                (vmId.hashCode() >> 16) & 0xff);
    }

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(Executors.newFixedThreadPool(4));
            // the shapes discovery-service serves: a paged list of summaries (disk and NIC counts), each VM in full
            // under /vms/{id}, and the topology nested per datacenter
            server.createContext("/api/inventory/vms", FakeInventory::vms);
            server.createContext("/api/inventory/topology", ex -> respond(ex.getResponseBody(), ex, """
                    {"syncedAt":"2026-11-25T12:00:00Z","datacenters":[{"id":"datacenter-2","name":"DC0",
                     "clusters":[{"name":"DC0_C0"},{"name":"DC0_C1"}],"datastores":[{"name":"LocalDS_0"},{"name":"LocalDS_1"}],
                     "networks":[{"name":"DC0_DVPG0"},{"name":"VM Network"},{"name":"odd-net"}]}]}"""));
            server.createContext("/api/source/vms/", FakeInventory::powerOn);
            server.start();
        }
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("quarkus.rest-client.inventory.url", url, "quarkus.rest-client.source.url", url);
    }

    private static void vms(com.sun.net.httpserver.HttpExchange ex) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode all = json.readTree(vmsJson());
        String[] path = ex.getRequestURI().getPath().split("/"); // "", api, inventory, vms[, {id}]
        if (path.length == 5) {
            SINGLE_VM_READS.incrementAndGet();
            for (com.fasterxml.jackson.databind.JsonNode vm : all) {
                if (vm.get("id").asText().equals(path[4])) {
                    respond(ex.getResponseBody(), ex, vm.toString());
                    return;
                }
            }
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        String query = ex.getRequestURI().getQuery() == null ? "" : ex.getRequestURI().getQuery();
        boolean detail = query.contains("detail=true") && !summariesOnly;
        int size = intParam(query, "size", 50);
        int pageNo = intParam(query, "page", 0);
        com.fasterxml.jackson.databind.node.ArrayNode items = json.createArrayNode();
        for (int i = pageNo * size; i < Math.min(all.size(), (pageNo + 1) * size); i++) {
            com.fasterxml.jackson.databind.JsonNode vm = all.get(i);
            com.fasterxml.jackson.databind.node.ObjectNode entry = ((com.fasterxml.jackson.databind.node.ObjectNode) vm).deepCopy();
            if (!detail) { // a summary: counts instead of the disks and NICs
                entry.put("disks", vm.get("disks").size());
                entry.put("nics", vm.get("nics").size());
            }
            items.add(entry);
        }
        com.fasterxml.jackson.databind.node.ObjectNode page = json.createObjectNode();
        page.set("items", items);
        page.put("page", pageNo).put("size", size).put("total", all.size());
        respond(ex.getResponseBody(), ex, page.toString());
    }

    private static int intParam(String query, String name, int otherwise) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return Integer.parseInt(pair.substring(name.length() + 1));
            }
        }
        return otherwise;
    }

    private static void powerOn(com.sun.net.httpserver.HttpExchange ex) throws IOException {
        String[] path = ex.getRequestURI().getPath().split("/"); // "", api, source, vms, {id}, power-on
        if (!"POST".equals(ex.getRequestMethod()) || path.length != 6 || !"power-on".equals(path[5])) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        String vmId = path[4];
        POWER_ON_REQUESTS.add(vmId);
        if (PROTECTED.contains(vmId)) {
            byte[] body = ("{\"type\":\"urn:traverse:problem:protected-vm\",\"title\":\"Protected VM\",\"status\":409,"
                    + "\"detail\":\"VM " + vmId + " matches traverse.source.protected-vm-patterns and is never powered on\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/problem+json");
            ex.sendResponseHeaders(409, body.length);
            ex.getResponseBody().write(body);
            ex.close();
            return;
        }
        respond(ex.getResponseBody(), ex, "{\"action\":\"powered on\",\"vm\":{\"id\":\"" + vmId + "\"}}");
    }

    private static void respond(OutputStream out, com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        out.write(bytes);
        out.close();
    }

    static String vmsJson() {
        List<String> vms = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            vms.add(vm("vm-" + (1000 + i), String.format("app-%03d", i), "POWERED_ON", true, "[]", "null", "DC0_DVPG0"));
        }
        vms.add(vm("vm-1900", "legacy-off", "POWERED_OFF", true, "[]", "null", "DC0_DVPG0"));
        vms.add(vm("vm-1901", "snap-nocbt", "POWERED_ON", false, "[\"before-patch\"]", "null", "DC0_DVPG0"));
        vms.add(vm("vm-1902", "rdm-db", "POWERED_ON", true, "[]", "\"physical\"", "DC0_DVPG0"));
        vms.add(vm("vm-1903", "odd-net", "POWERED_ON", true, "[]", "null", "odd-net"));
        vms.add(vm("vm-1904", "twin", "POWERED_ON", true, "[]", "null", "DC0_DVPG0"));
        vms.add(vm("vm-1905", "twin", "POWERED_ON", true, "[]", "null", "DC0_DVPG0"));
        vms.add(vm("vm-1906", "ffp-vdi-01", "POWERED_ON", true, "[]", "null", "DC0_DVPG0"));
        vms.add(vm("vm-1907", "efi-app", "POWERED_ON", true, "[]", "null", "DC0_DVPG0").replace("\"BIOS\"", "\"EFI\""));
        vms.addAll(EXTRA.values());
        return "[" + String.join(",", vms) + "]";
    }

    private static String vm(String id, String name, String power, boolean cbt, String snapshots, String rdm, String network) {
        String mac = macOf(id);
        power = POWER.getOrDefault(id, power);
        return """
                {"id":"%s","name":"%s","uuid":"4200-%s","vcpus":1,"memoryMb":32,"guestId":"otherGuest","firmware":"BIOS",
                 "powerState":"%s","datacenter":"DC0","cluster":"DC0_C0","host":"DC0_C0_H0","cbtEnabled":%s,
                 "template":false,"snapshots":%s,"unknownFutureField":{"x":1},
                 "disks":[{"key":2000,"fileName":"[LocalDS_0] %s/disk1.vmdk","datastore":"LocalDS_0","capacityBytes":10737418240,
                           "thin":true,"controllerType":"pvscsi","bus":0,"unit":0,"rdm":%s}],
                 "nics":[{"key":4000,"macAddress":"%s","portGroup":"dvportgroup-13","networkName":"%s","adapterType":"vmxnet3"}]}
                """.formatted(id, name, id, power, cbt, snapshots, name, rdm, mac, network);
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM, like the rest of the testbed
    }
}
