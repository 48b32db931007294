package io.traverse.network;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.events.EventEnvelope;
import io.traverse.events.MigrationCancelled;
import io.traverse.events.MigrationFailed;
import io.traverse.events.Phase;
import io.traverse.events.PortMapping;
import io.traverse.events.SourceNic;
import io.traverse.events.Topics;
import io.traverse.events.VmMapped;
import io.traverse.network.mapping.VmMapping;
import io.traverse.network.port.MacConflict;
import io.traverse.network.port.NeutronNetworks;
import io.traverse.network.port.NeutronPorts;
import io.traverse.network.testing.MigrationApiStandIn;
import io.traverse.network.testing.NetworkTestVms;
import io.traverse.testbed.EventTestClient;
import io.traverse.testbed.TraverseTestbed;
import io.traverse.testbed.openstack.OpenStackTestResource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * network-mapper end to end: vm.sized from the real broker, the plan's mapping from a stand-in for migration-api's
 * {@code GET /api/mappings/{id}}, ports on the real OpenStack testbed's {@code frontier-net}, vm.mapped or
 * migration.failed back through the outbox. Every port a test creates is deleted afterwards, by its migration's tag.
 */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(OpenStackTestResource.class)
@WithTestResource(MigrationApiStandIn.class)
class NetworkMapperTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    NeutronPorts ports;

    @Inject
    NeutronNetworks networks;

    @Inject
    VmMapping mapping;

    @Inject
    io.traverse.openstack.OpenStackClients openstack;

    private final List<EventEnvelope> used = new ArrayList<>();

    @AfterEach
    void deleteTheTestsPorts() {
        used.forEach(e -> ports.deletePortsOf(e.migrationId(), "vm-42"));
    }

    @Test
    void mapsASizedVmToAMacPreservingPortOnceEvenWhenRedeliveredOrRetried() {
        SourceNic kept = NetworkTestVms.nic(4000, "DC0_DVPG0");
        SourceNic dropped = NetworkTestVms.nic(4001, "VM Network"); // unmapped, but the plan drops it
        EventEnvelope sized = use(NetworkTestVms.sized(MigrationApiStandIn.DC0_TO_FRONTIER, List.of(kept, dropped),
                List.of(dropped.macAddress())));
        UUID id = sized.migrationId();
        String frontier = networks.find("frontier-net").orElseThrow().id();
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            kafka.send(sized);
            kafka.send(sized);
            assertEquals(1, kafka.await(Topics.VM_MAPPED, e -> id.equals(e.migrationId()), 1, WAIT).size());
            List<EventEnvelope> mapped = kafka.await(Topics.VM_MAPPED, e -> id.equals(e.migrationId()), 2,
                    Duration.ofSeconds(5));
            assertEquals(1, mapped.size(), "one vm.mapped for a redelivered vm.sized");
            assertEquals("network-mapper", mapped.get(0).source());
            VmMapped m = (VmMapped) mapped.get(0).data();
            assertEquals(1, m.ports().size(), "the dropped NIC gets no port");
            PortMapping port = m.ports().get(0);
            assertEquals(kept.macAddress(), port.sourceMac());
            assertTrue(port.macPreserved());
            assertEquals(frontier, port.networkId());
            assertEquals("nova", m.availabilityZone());
            assertEquals(Map.of(204, "rbd"), m.volumeTypes());
            assertEquals("m1.tiny", m.flavor().name());
            assertEquals(kept.macAddress(), ports.portsOf(id, "vm-42").get(0).get("mac_address").asText());

            // a retry from migration.requested brings a new vm.sized (new event id) for the same migration
            EventEnvelope retry = NetworkTestVms.sized(id, MigrationApiStandIn.DC0_TO_FRONTIER,
                    List.of(kept, dropped), List.of(dropped.macAddress()));
            kafka.send(retry);
            List<EventEnvelope> again = kafka.await(Topics.VM_MAPPED, e -> id.equals(e.migrationId()), 2, WAIT);
            assertEquals(2, again.size());
            assertEquals(port.portId(), ((VmMapped) again.get(1).data()).ports().get(0).portId(), "the same port");
        }
        assertEquals(1, ports.portsOf(id, "vm-42").size(), "no second port in Neutron");
        assertTrue(mapping.recordedExplanation(id).orElseThrow().contains("DC0 to RegionOne"));
    }

    @Test
    void theMacIsKeptByDefaultAndNeutronChoosesANewOneWhenThePlanTurnsPreservationOff() {
        SourceNic byDefault = NetworkTestVms.nic(4000, "DC0_DVPG0");
        SourceNic readdressed = NetworkTestVms.nic(4000, "DC0_DVPG0");
        PortMapping kept = mappedPort(use(NetworkTestVms.sized(MigrationApiStandIn.DC0_TO_FRONTIER, List.of(byDefault),
                null, null)));
        PortMapping fresh = mappedPort(use(NetworkTestVms.sized(MigrationApiStandIn.DC0_TO_FRONTIER, List.of(readdressed),
                false, null)));
        assertTrue(kept.macPreserved());
        assertEquals(byDefault.macAddress(), macInNeutron(kept));
        assertFalse(fresh.macPreserved(), "the plan turned MAC preservation off");
        assertFalse(readdressed.macAddress().equals(macInNeutron(fresh)), "Neutron chose the MAC");
        assertEquals(null, fresh.note(), "nothing to explain: the plan asked for a new MAC");
        assertEquals(null, kept.ipPreserved(), "keeping the IP was not asked");
    }

    @Test
    void theGuestsIpIsKeptWhenTheMappedSubnetContainsIt() {
        String ip = freeAddressOnFrontierSubnet();
        SourceNic nic = NetworkTestVms.nic(4000, "DC0_DVPG0", List.of(ip, "fe80::1"));
        PortMapping port = mappedPort(use(NetworkTestVms.sized(MigrationApiStandIn.DC0_TO_FRONTIER, List.of(nic),
                null, true)));
        assertEquals(ip, port.fixedIp());
        assertEquals(Boolean.TRUE, port.ipPreserved());
        assertEquals(null, port.note());
        assertEquals(ip, ports.portsOf(idOf(port), "vm-42").get(0)
                .path("fixed_ips").path(0).path("ip_address").asText(), "the address is on the port in Neutron");
        assertTrue(port.macPreserved(), "and the MAC is kept as well");
    }

    @Test
    void aGuestIpOutsideTheMappedSubnetIsNotKeptAndTheNoteSaysWhyAndWhatNeutronAssigned() {
        SourceNic nic = NetworkTestVms.nic(4000, "DC0_DVPG0", List.of("192.168.77.10"));
        PortMapping port = mappedPort(use(NetworkTestVms.sized(MigrationApiStandIn.DC0_TO_FRONTIER, List.of(nic),
                null, true)));
        assertEquals(Boolean.FALSE, port.ipPreserved());
        assertTrue(port.fixedIp().startsWith("10.20.0."), "Neutron assigned one of frontier-subnet: " + port.fixedIp());
        assertTrue(port.note().contains("guest IP 192.168.77.10 not kept: not in the target subnet(s)")
                && port.note().contains("10.20.0.0/24") && port.note().contains("Neutron assigned " + port.fixedIp()),
                port.note());
    }

    /** The one port of a vm.sized's vm.mapped, through the broker. */
    private PortMapping mappedPort(EventEnvelope sized) {
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            kafka.send(sized);
            List<EventEnvelope> mapped = kafka.await(Topics.VM_MAPPED, e -> sized.migrationId().equals(e.migrationId()),
                    1, WAIT);
            assertEquals(1, mapped.size(), "vm.mapped for " + sized.migrationId());
            portOwners.put(((VmMapped) mapped.get(0).data()).ports().get(0).portId(), sized.migrationId());
            return ((VmMapped) mapped.get(0).data()).ports().get(0);
        }
    }

    private final Map<String, UUID> portOwners = new java.util.HashMap<>();

    private UUID idOf(PortMapping port) {
        return portOwners.get(port.portId());
    }

    private String macInNeutron(PortMapping port) {
        return ports.portsOf(idOf(port), "vm-42").get(0).get("mac_address").asText();
    }

    /** An address of frontier-subnet (10.20.0.0/24) that no port has now. */
    private String freeAddressOnFrontierSubnet() {
        java.util.Set<String> used = new java.util.HashSet<>();
        io.traverse.openstack.OpenStackRest neutron = openstack.rest();
        String network = networks.find("frontier-net").orElseThrow().id();
        neutron.get("network", "/v2.0/ports?network_id=" + network).path("ports")
                .forEach(p -> p.path("fixed_ips").forEach(ip -> used.add(ip.path("ip_address").asText())));
        for (int host = 200 + new java.util.Random().nextInt(40); host < 254; host++) {
            if (!used.contains("10.20.0." + host)) {
                return "10.20.0." + host;
            }
        }
        throw new IllegalStateException("frontier-subnet has no free address above .200: " + used);
    }

    @Test
    void anUnmappedNicThatIsNotDroppedFailsNamingItsPortGroup() {
        SourceNic unmapped = NetworkTestVms.nic(4001, "VM Network");
        EventEnvelope sized = use(NetworkTestVms.sized(MigrationApiStandIn.DC0_TO_FRONTIER,
                List.of(NetworkTestVms.nic(4000, "DC0_DVPG0"), unmapped), List.of()));
        MigrationFailed f = failed(sized);
        assertEquals(Phase.MAPPING, f.phase());
        assertFalse(f.retryable());
        assertTrue(f.reason().contains("VM Network (NIC " + unmapped.macAddress() + ")"), f.reason());
        assertTrue(f.reason().contains("DC0 to RegionOne"), f.reason());
        assertTrue(ports.portsOf(sized.migrationId(), "vm-42").isEmpty(), "nothing created");
    }

    @Test
    void aSourceMacAnotherPortHasFailsTheVmNamingThatPort() {
        String frontier = networks.find("frontier-net").orElseThrow().id();
        UUID someoneElse = UUID.randomUUID();
        SourceNic nic = NetworkTestVms.nic(4000, "DC0_DVPG0");
        ports.ensurePort(someoneElse, "vm-43", nic, frontier, null, List.of(), true,
                MacConflict.FAIL, false);
        try {
            EventEnvelope sized = use(NetworkTestVms.sized(MigrationApiStandIn.DC0_TO_FRONTIER, List.of(nic), List.of()));
            MigrationFailed f = failed(sized);
            assertFalse(f.retryable());
            assertTrue(f.reason().contains(nic.macAddress()) && f.reason().contains("traverse-vm-43-nic-4000"),
                    f.reason());
            assertTrue(ports.portsOf(sized.migrationId(), "vm-42").isEmpty(), "nothing created on FAIL");
            assertEquals(1, ports.portsOf(someoneElse, "vm-43").size(), "the holder's port is untouched");
        } finally {
            ports.deletePortsOf(someoneElse, "vm-43");
        }
    }

    @Test
    void aMappingToANetworkNeutronDoesNotHaveFailsForAPerson() {
        EventEnvelope sized = use(NetworkTestVms.sized(MigrationApiStandIn.TO_MISSING_NETWORK,
                List.of(NetworkTestVms.nic(4000, "DC0_DVPG0")), List.of()));
        MigrationFailed f = failed(sized);
        assertFalse(f.retryable());
        assertTrue(f.reason().contains("no-such-net-traverse-test"), f.reason());
    }

    @Test
    void aMappingMigrationApiDoesNotHaveFailsNamingIt() {
        UUID gone = UUID.randomUUID();
        MigrationFailed f = failed(use(NetworkTestVms.sized(gone, List.of(NetworkTestVms.nic(4000, "DC0_DVPG0")),
                List.of())));
        assertFalse(f.retryable());
        assertTrue(f.reason().contains(gone.toString()), f.reason());
    }

    @Test
    void aCancelledMigrationLosesItsPortsAndALateVmSizedCreatesNone() {
        SourceNic nic = NetworkTestVms.nic(4000, "DC0_DVPG0");
        EventEnvelope sized = use(NetworkTestVms.sized(MigrationApiStandIn.DC0_TO_FRONTIER, List.of(nic), List.of()));
        UUID id = sized.migrationId();
        EventEnvelope other = use(NetworkTestVms.sized(MigrationApiStandIn.DC0_TO_FRONTIER,
                List.of(NetworkTestVms.nic(4000, "DC0_DVPG0")), List.of()));
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            kafka.send(sized);
            kafka.send(other);
            assertEquals(1, kafka.await(Topics.VM_MAPPED, e -> id.equals(e.migrationId()), 1, WAIT).size());
            assertEquals(1, kafka.await(Topics.VM_MAPPED, e -> other.migrationId().equals(e.migrationId()), 1, WAIT)
                    .size());
            assertEquals(1, ports.portsOf(id, "vm-42").size());

            kafka.send(EventEnvelope.of("migration-api", id, new MigrationCancelled("rollback", "alice")));
            await().atMost(WAIT).until(() -> mapping.wasCancelled(id));
            assertTrue(ports.portsOf(id, "vm-42").isEmpty(), "the cancelled migration's port is gone");
            assertEquals(1, ports.portsOf(other.migrationId(), "vm-42").size(), "another migration's port stays");

            // a vm.sized that was still on its way (a retry, say) must not bring the port back
            kafka.send(NetworkTestVms.sized(id, MigrationApiStandIn.DC0_TO_FRONTIER, List.of(nic), List.of()));
            assertEquals(1, kafka.await(Topics.VM_MAPPED, e -> id.equals(e.migrationId()), 2, Duration.ofSeconds(10))
                    .size(), "no vm.mapped after the cancellation");
        }
        assertTrue(ports.portsOf(id, "vm-42").isEmpty(), "no port after the cancellation");
    }

    private MigrationFailed failed(EventEnvelope sized) {
        try (EventTestClient kafka = new EventTestClient(bootstrapServers)) {
            kafka.send(sized);
            List<EventEnvelope> failed = kafka.await(Topics.MIGRATION_FAILED,
                    e -> sized.migrationId().equals(e.migrationId()), 1, WAIT);
            assertEquals(1, failed.size());
            return (MigrationFailed) failed.get(0).data();
        }
    }

    private EventEnvelope use(EventEnvelope e) {
        used.add(e);
        return e;
    }
}
