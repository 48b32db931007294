package io.traverse.network.port;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.traverse.events.PortMapping;
import io.traverse.events.SourceNic;
import io.traverse.openstack.OpenStackClients;
import io.traverse.openstack.OpenStackConfig;
import io.traverse.openstack.ProtectedResources;
import io.traverse.testbed.openstack.OpenStackTestbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ports against the real OpenStack testbed, on the seeded {@code frontier-net} (owned by the Traverse project, so
 * fixed MACs are allowed). Random locally administered MACs keep parallel runs apart; everything a test created is
 * deleted afterwards (ours by tag, the stand-in "foreign" port by id).
 */
class NeutronPortsTest {

    private OpenStackClients openstack;
    private NeutronPorts ports;
    private String network;
    private final UUID migration = UUID.randomUUID();
    private final List<String> foreign = new ArrayList<>();

    @BeforeEach
    void connect() {
        OpenStackConfig config = new SmallRyeConfigBuilder().withMapping(OpenStackConfig.class)
                .withSources(new PropertiesConfigSource(OpenStackTestbed.start().config(), "testbed", 500)).build()
                .getConfigMapping(OpenStackConfig.class);
        openstack = new OpenStackClients(config);
        ports = new NeutronPorts(openstack, new ProtectedResources(config));
        network = openstack.rest().get("network", "/v2.0/networks?name=frontier-net").get("networks").get(0)
                .get("id").asText();
    }

    @AfterEach
    void cleanUp() {
        ports.deletePortsOf(migration, "vm-901");
        foreign.forEach(id -> openstack.rest().delete("network", "/v2.0/ports/" + id));
    }

    @Test
    void keepsTheSourceMacTagsThePortAndCreatesNoSecondOneOnRedelivery() {
        SourceNic nic = new SourceNic(4000, randomMac(), "dvportgroup-13", "DC0_DVPG0");
        PortMapping first = ports.ensurePort(migration, "vm-901", nic, network, null, List.of(), true, MacConflict.FAIL, false);
        assertTrue(first.macPreserved());
        assertEquals(network, first.networkId());
        assertTrue(first.fixedIp().startsWith("10.20.0."), first.fixedIp());

        PortMapping again = ports.ensurePort(migration, "vm-901", nic, network, null, List.of(), true, MacConflict.FAIL, false);
        assertEquals(first.portId(), again.portId(), "looked up, not created twice");
        List<JsonNode> ours = ports.portsOf(migration, "vm-901");
        assertEquals(1, ours.size());
        List<String> tags = new ArrayList<>();
        ours.get(0).path("tags").forEach(t -> tags.add(t.asText()));
        assertTrue(tags.containsAll(List.of("traverse", "traverse-migration-id=" + migration,
                "traverse-source-vm-id=vm-901")), tags.toString());
        assertEquals(nic.macAddress(), ours.get(0).get("mac_address").asText());
    }

    @Test
    void aMacTakenByAnotherPortFailsOrGetsANewMacAsConfigured() {
        String mac = randomMac();
        foreign.add(openstack.rest().post("network", "/v2.0/ports", Map.of("port", Map.of("network_id", network,
                "name", "someone-elses-port", "mac_address", mac))).get("port").get("id").asText());
        SourceNic nic = new SourceNic(4001, mac, "network-7", "VM Network");

        MacInUseException e = assertThrows(MacInUseException.class, () -> ports.ensurePort(migration, "vm-901", nic,
                network, null, List.of(), true, MacConflict.FAIL, false));
        assertTrue(e.getMessage().contains(mac) && e.getMessage().contains("someone-elses-port"), e.getMessage());
        assertTrue(ports.portsOf(migration, "vm-901").isEmpty(), "nothing created on FAIL");

        PortMapping p = ports.ensurePort(migration, "vm-901", nic, network, null, List.of(), true, MacConflict.NEW_MAC, false);
        assertFalse(p.macPreserved());
        assertEquals(mac, p.sourceMac());
        String newMac = openstack.rest().get("network", "/v2.0/ports/" + p.portId()).get("port").get("mac_address").asText();
        assertNotEquals(mac, newMac);
    }

    @Test
    void preservationOffLetsNeutronChooseTheMac() {
        SourceNic nic = new SourceNic(4002, randomMac(), "network-7", "VM Network");
        PortMapping p = ports.ensurePort(migration, "vm-901", nic, network, null, List.of(), false, MacConflict.FAIL, false);
        assertFalse(p.macPreserved());
    }

    @Test
    void cleanupDeletesThisMigrationsPortsAndNothingElse() {
        UUID other = UUID.randomUUID();
        SourceNic a = new SourceNic(4000, randomMac(), "dvportgroup-13", "DC0_DVPG0");
        SourceNic b = new SourceNic(4001, randomMac(), "network-7", "VM Network");
        ports.ensurePort(migration, "vm-901", a, network, null, List.of(), true, MacConflict.FAIL, false);
        ports.ensurePort(migration, "vm-901", b, network, null, List.of(), true, MacConflict.FAIL, false);
        PortMapping otherMigrations = ports.ensurePort(other, "vm-902", new SourceNic(4000, randomMac(), "x", "x"),
                network, null, List.of(), true, MacConflict.FAIL, false);
        String lookalike = openstack.rest().post("network", "/v2.0/ports", Map.of("port", Map.of("network_id", network,
                "name", NeutronPorts.portName("vm-901", a) + "-x"))).get("port").get("id").asText();
        foreign.add(lookalike);
        try {
            assertEquals(2, ports.deletePortsOf(migration, "vm-901"));
            assertTrue(ports.portsOf(migration, "vm-901").isEmpty());
            assertEquals(1, ports.portsOf(other, "vm-902").size(), "another migration's port stays");
            assertEquals(lookalike, openstack.rest().get("network", "/v2.0/ports/" + lookalike).get("port").get("id").asText());
        } finally {
            ports.deletePortsOf(other, "vm-902");
        }
        assertTrue(ports.portsOf(other, "vm-902").isEmpty());
        assertFalse(otherMigrations.portId().isBlank());
    }

    /** A random locally administered unicast MAC (02:...), lower case as SourceNic wants it. */
    private static String randomMac() {
        Random r = new Random();
        StringBuilder b = new StringBuilder("02");
        for (int i = 0; i < 5; i++) {
            b.append(':').append(String.format("%02x", r.nextInt(256)));
        }
        return b.toString();
    }
}
