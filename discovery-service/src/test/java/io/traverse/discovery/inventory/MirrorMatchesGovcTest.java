package io.traverse.discovery.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.traverse.discovery.Govc;
import io.traverse.discovery.VcsimInventory;
import io.traverse.testbed.TraverseTestbedWithVcsim;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The mirror against {@code govc-lite vm.info -json} (the whole VirtualMachine managed object as govmomi reads it),
 * field by field, for every VM of the inventory: one PropertyCollector read must describe each VM exactly as vCenter
 * does.
 */
@QuarkusTest
@WithTestResource(TraverseTestbedWithVcsim.class)
class MirrorMatchesGovcTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyVmOfTheMirrorMatchesGovcFieldByField() throws Exception {
        VcsimInventory.refresh();
        List<Map<String, Object>> summaries = given().queryParam("size", 1000).get("/api/inventory/vms").then()
                .statusCode(200).extract().jsonPath().getList("items");
        List<String> names = summaries.stream().map(s -> (String) s.get("name")).toList();
        assertEquals(30, names.size());
        List<String> args = new ArrayList<>(List.of("vm.info", "-json"));
        args.addAll(names);
        JsonNode govc = json.readTree(Govc.run(args.toArray(String[]::new)));
        Map<String, String> hosts = names(given().get("/api/inventory/hosts").then().extract().jsonPath());
        Map<String, String> hostClusters = new HashMap<>();
        given().get("/api/inventory/hosts").then().extract().jsonPath().getList("", Map.class)
                .forEach(h -> hostClusters.put((String) h.get("id"), (String) h.get("cluster")));
        Map<String, String> datastores = names(given().get("/api/inventory/datastores").then().extract().jsonPath());
        Map<String, String> networks = names(given().get("/api/inventory/networks").then().extract().jsonPath());

        int compared = 0;
        for (JsonNode g : govc.get("VirtualMachines")) {
            String id = g.at("/Self/Value").asText();
            JsonNode types = govc.at("/DeviceTypes/" + id);
            JsonPath m = given().get("/api/inventory/vms/" + id).then().statusCode(200).extract().jsonPath();
            String vm = g.get("Name").asText();
            JsonNode config = g.get("Config");
            JsonNode guest = g.get("Guest");
            check(vm, "name", g.get("Name").asText(), m.getString("name"));
            String instanceUuid = config.get("InstanceUuid").asText();
            check(vm, "uuid", instanceUuid.isEmpty() ? config.get("Uuid").asText() : instanceUuid, m.getString("uuid"));
            check(vm, "vcpus", config.at("/Hardware/NumCPU").asInt(), m.getInt("vcpus"));
            check(vm, "memoryMb", config.at("/Hardware/MemoryMB").asLong(), m.getLong("memoryMb"));
            check(vm, "guestId", config.get("GuestId").asText(), m.getString("guestId"));
            check(vm, "guestFullName", blankToNull(config.get("GuestFullName").asText()), m.getString("guestFullName"));
            check(vm, "guestFamily", blankToNull(guest.get("GuestFamily").asText()), m.getString("guestFamily"));
            check(vm, "firmware", config.get("Firmware").asText().toUpperCase(Locale.ROOT), m.getString("firmware"));
            check(vm, "powerState", switch (g.at("/Runtime/PowerState").asText()) {
                case "poweredOn" -> "POWERED_ON";
                case "suspended" -> "SUSPENDED";
                default -> "POWERED_OFF";
            }, m.getString("powerState"));
            String hostId = g.at("/Runtime/Host/Value").asText();
            check(vm, "host", hosts.get(hostId), m.getString("host"));
            check(vm, "cluster", hostClusters.get(hostId), m.getString("cluster"));
            check(vm, "cbtEnabled", config.get("ChangeTrackingEnabled").asBoolean(false), m.getBoolean("cbtEnabled"));
            check(vm, "template", config.get("Template").asBoolean(false), m.getBoolean("template"));
            check(vm, "toolsStatus", blankToNull(guest.get("ToolsRunningStatus").asText()), m.getString("toolsStatus"));
            check(vm, "ipAddress", blankToNull(guest.get("IpAddress").asText()), m.getString("ipAddress"));
            List<String> ips = new ArrayList<>();
            if (!guest.get("IpAddress").asText().isEmpty()) {
                ips.add(guest.get("IpAddress").asText());
            }
            guest.path("Net").forEach(n -> n.path("IpAddress").forEach(ip -> {
                if (!ips.contains(ip.asText())) {
                    ips.add(ip.asText());
                }
            }));
            check(vm, "ipAddresses", ips, m.getList("ipAddresses"));
            List<String> snapshots = new ArrayList<>();
            g.path("Snapshot").path("RootSnapshotList").forEach(s -> collect(s, snapshots));
            check(vm, "snapshots", snapshots, m.getList("snapshots"));

            Map<Integer, JsonNode> byKey = new HashMap<>();
            config.at("/Hardware/Device").forEach(d -> byKey.put(d.get("Key").asInt(), d));
            List<Map<String, Object>> disks = new ArrayList<>();
            List<Map<String, Object>> nics = new ArrayList<>();
            for (JsonNode d : config.at("/Hardware/Device")) {
                String type = types.path(d.get("Key").asText()).asText();
                if (type.equals("VirtualDisk")) {
                    JsonNode b = d.get("Backing");
                    JsonNode controller = byKey.get(d.get("ControllerKey").asInt());
                    Map<String, Object> disk = new java.util.LinkedHashMap<>();
                    disk.put("key", d.get("Key").asInt());
                    disk.put("fileName", b.get("FileName").asText());
                    disk.put("datastore", datastores.get(b.at("/Datastore/Value").asText()));
                    disk.put("capacityBytes", d.get("CapacityInBytes").asLong());
                    disk.put("thin", b.path("ThinProvisioned").asBoolean(false));
                    disk.put("controllerType", controllerType(types.path(controller.get("Key").asText()).asText()));
                    disk.put("bus", controller.get("BusNumber").asInt());
                    disk.put("unit", d.get("UnitNumber").asInt());
                    disk.put("changeId", blankToNull(b.path("ChangeId").asText()));
                    disks.add(disk);
                } else if (type.startsWith("Virtual") && d.has("MacAddress")) {
                    JsonNode b = d.get("Backing");
                    String portGroup = b.has("Port") ? b.at("/Port/PortgroupKey").asText() : b.at("/Network/Value").asText();
                    Map<String, Object> nic = new java.util.LinkedHashMap<>();
                    nic.put("key", d.get("Key").asInt());
                    nic.put("macAddress", d.get("MacAddress").asText().toLowerCase(Locale.ROOT));
                    nic.put("portGroup", portGroup);
                    nic.put("networkName", b.has("Port") ? networks.get(portGroup) : b.get("DeviceName").asText());
                    nic.put("adapterType", adapterType(type));
                    nic.put("ipAddresses", guestIps(guest, d.get("Key").asInt(), d.get("MacAddress").asText()));
                    nics.add(nic);
                }
            }
            check(vm, "disks", disks, m.getList("disks"));
            check(vm, "nics", nics, m.getList("nics"));
            compared++;
        }
        assertEquals(30, compared, "every VM compared");
    }

    /** govc's guest.net entry for this NIC (by device key, else by MAC), IPv4 before IPv6. */
    private static List<String> guestIps(JsonNode guest, int key, String mac) {
        JsonNode match = null;
        for (JsonNode n : guest.path("Net")) {
            if (n.path("DeviceConfigId").asInt() == key) {
                match = n;
                break;
            }
            if (match == null && mac.equalsIgnoreCase(n.path("MacAddress").asText())) {
                match = n;
            }
        }
        List<String> ips = new ArrayList<>();
        if (match != null) {
            match.path("IpAddress").forEach(ip -> ips.add(ip.asText()));
        }
        ips.sort(java.util.Comparator.comparing(ip -> ip.contains(":")));
        return ips;
    }

    private static Map<String, String> names(JsonPath list) {
        Map<String, String> out = new HashMap<>();
        list.getList("", Map.class).forEach(e -> out.put((String) e.get("id"), (String) e.get("name")));
        return out;
    }

    private static void collect(JsonNode tree, List<String> names) {
        names.add(tree.get("Name").asText());
        tree.path("ChildSnapshotList").forEach(c -> collect(c, names));
    }

    /** vSphere's device type names, as govmomi writes them, to the mirror's words. */
    private static String controllerType(String type) {
        return switch (type) {
            case "ParaVirtualSCSIController" -> "pvscsi";
            case "VirtualLsiLogicController" -> "lsilogic";
            case "VirtualLsiLogicSASController" -> "lsilogic-sas";
            case "VirtualBusLogicController" -> "buslogic";
            case "VirtualAHCIController", "VirtualSATAController" -> "sata";
            case "VirtualIDEController" -> "ide";
            case "VirtualNVMEController" -> "nvme";
            default -> type;
        };
    }

    private static String adapterType(String type) {
        return switch (type) {
            case "VirtualE1000" -> "e1000";
            case "VirtualE1000e" -> "e1000e";
            case "VirtualVmxnet3" -> "vmxnet3";
            case "VirtualVmxnet2" -> "vmxnet2";
            case "VirtualPCNet32" -> "pcnet32";
            default -> type;
        };
    }

    private static void check(String vm, String field, Object govc, Object mirror) {
        // JSON numbers come back from rest-assured as Integer or Long: compare them by value
        assertEquals(normalise(govc), normalise(mirror), vm + " " + field);
    }

    private static Object normalise(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        if (o instanceof List<?> l) {
            return l.stream().map(MirrorMatchesGovcTest::normalise).toList();
        }
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new java.util.TreeMap<>();
            m.forEach((k, v) -> out.put(k, normalise(v)));
            return out;
        }
        return Objects.requireNonNullElse(o, "<null>");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() || "null".equals(s) ? null : s;
    }
}
