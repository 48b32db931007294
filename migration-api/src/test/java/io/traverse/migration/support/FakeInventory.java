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
 * {@code twin}.
 */
public class FakeInventory implements QuarkusTestResourceLifecycleManager {

    private static HttpServer server;

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/api/inventory/vms", ex -> respond(ex.getResponseBody(), ex, vmsJson()));
            server.createContext("/api/inventory/topology", ex -> respond(ex.getResponseBody(), ex, """
                    {"clusters":[{"name":"DC0_C0"},{"name":"DC0_C1"}],"datastores":[{"name":"LocalDS_0"},{"name":"LocalDS_1"}],
                     "networks":[{"name":"DC0_DVPG0"},{"name":"VM Network"},{"name":"odd-net"}]}"""));
            server.start();
        }
        return Map.of("quarkus.rest-client.inventory.url", "http://127.0.0.1:" + server.getAddress().getPort());
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
        return "[" + String.join(",", vms) + "]";
    }

    private static String vm(String id, String name, String power, boolean cbt, String snapshots, String rdm, String network) {
        String mac = String.format("00:50:56:%02x:%02x:%02x", id.hashCode() & 0xff, (id.hashCode() >> 8) & 0xff,
                (id.hashCode() >> 16) & 0xff);
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
