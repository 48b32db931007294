package io.traverse.network.mapping;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.traverse.events.EventEnvelope;
import io.traverse.events.MigrationFailed;
import io.traverse.events.Phase;
import io.traverse.events.SourceNic;
import io.traverse.events.VmSized;
import io.traverse.network.config.NetworkConfig;
import io.traverse.network.port.NeutronNetworks;
import io.traverse.network.port.NeutronPorts;
import io.traverse.network.testing.NetworkTestVms;
import io.traverse.openstack.OpenStackClients;
import io.traverse.openstack.OpenStackConfig;
import io.traverse.openstack.ProtectedResources;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decision without Quarkus: which target each NIC, disk and cluster gets, and what an unreachable target cloud
 * becomes (a retryable migration.failed, so migration-api tries the phase again later).
 */
class VmMappingTest {

    private static final InfraMapping DC0 = new InfraMapping(UUID.randomUUID(), "DC0 to RegionOne",
            List.of(new InfraMapping.Pair(List.of("DC0_C0"), "az-1")),
            List.of(new InfraMapping.Pair(List.of("LocalDS_0"), "rbd")),
            List.of(new InfraMapping.Pair(List.of("DC0_DVPG0"), "frontier-net"),
                    new InfraMapping.Pair(List.of("dvportgroup-99"), "backup-net")), 1);

    @Test
    void theMappingGivesEachKeptNicDiskAndTheClusterATarget() {
        SourceNic byName = NetworkTestVms.nic(4000, "DC0_DVPG0");
        SourceNic byPortGroupId = new SourceNic(4001, NetworkTestVms.randomMac(), "dvportgroup-99", "Backup");
        SourceNic dropped = NetworkTestVms.nic(4002, "VM Network");
        VmSized sized = sized(List.of(byName, byPortGroupId, dropped), List.of(dropped.macAddress().toUpperCase()));
        VmMapping.Targets t = mapping(Map.of()).targets(sized.vm(), sized.request().dropNics(), Optional.of(DC0));
        assertEquals(List.of(), t.gaps());
        assertEquals(Map.of(byName, "frontier-net", byPortGroupId, "backup-net"), t.networks());
        assertEquals("az-1", t.availabilityZone());
        assertEquals(Map.of(204, "rbd"), t.volumeTypes());
    }

    @Test
    void everyGapIsNamedAtOnce() {
        InfraMapping partial = new InfraMapping(UUID.randomUUID(), "partial", List.of(), List.of(),
                List.of(new InfraMapping.Pair(List.of("DC0_DVPG0"), "frontier-net")), 1);
        SourceNic unmapped = NetworkTestVms.nic(4001, "VM Network");
        VmSized sized = sized(List.of(NetworkTestVms.nic(4000, "DC0_DVPG0"), unmapped), List.of());
        List<String> gaps = mapping(Map.of()).targets(sized.vm(), List.of(), Optional.of(partial)).gaps();
        assertEquals(3, gaps.size(), gaps.toString());
        assertTrue(gaps.get(0).contains("VM Network (NIC " + unmapped.macAddress() + ")"), gaps.get(0));
        assertTrue(gaps.get(1).contains("Cluster DC0_C0"), gaps.get(1));
        assertTrue(gaps.get(2).contains("Datastore LocalDS_0"), gaps.get(2));
    }

    @Test
    void withoutAMappingTheServiceDefaultsApply() {
        VmSized sized = sized(List.of(NetworkTestVms.nic(4000, "DC0_DVPG0")), List.of());
        VmMapping.Targets none = mapping(Map.of()).targets(sized.vm(), List.of(), Optional.empty());
        assertEquals(1, none.gaps().size(), "no default network: the NIC is unmapped");
        VmMapping.Targets defaults = mapping(Map.of("traverse.network.default-network", "frontier-net"))
                .targets(sized.vm(), List.of(), Optional.empty());
        assertEquals(List.of(), defaults.gaps());
        assertEquals("nova", defaults.availabilityZone());
        assertEquals(Map.of(204, "__DEFAULT__"), defaults.volumeTypes());
    }

    @Test
    void anUnreachableTargetCloudIsARetryableFailure() {
        VmSized sized = sized(List.of(NetworkTestVms.nic(4000, "DC0_DVPG0")), List.of());
        VmMapping.Outcome o = mapping(Map.of("traverse.network.default-network", "frontier-net"))
                .decide(UUID.randomUUID(), sized);
        MigrationFailed f = (MigrationFailed) o.event();
        assertEquals(Phase.MAPPING, f.phase());
        assertTrue(f.retryable(), f.reason());
        assertTrue(f.reason().contains("Neutron") && f.reason().contains("127.0.0.1:1"), f.reason());
    }

    /** A VmMapping on a target cloud that does not answer (nothing listens on port 1), no migration-api, no DB. */
    private static VmMapping mapping(Map<String, String> keys) {
        Map<String, String> all = new HashMap<>(keys);
        all.put("traverse.openstack.auth-url", "http://127.0.0.1:1/v3");
        all.put("traverse.openstack.username", "traverse");
        all.put("traverse.openstack.password", "unused");
        all.put("traverse.openstack.project", "traverse");
        all.put("traverse.openstack.connect-timeout", "PT1S");
        SmallRyeConfig c = new SmallRyeConfigBuilder().withMapping(OpenStackConfig.class).withMapping(NetworkConfig.class)
                .withSources(new PropertiesConfigSource(all, "test", 500)).build();
        OpenStackConfig os = c.getConfigMapping(OpenStackConfig.class);
        OpenStackClients clients = new OpenStackClients(os);
        return new VmMapping(null, new NeutronNetworks(clients), new NeutronPorts(clients, new ProtectedResources(os)),
                c.getConfigMapping(NetworkConfig.class), null, null);
    }

    private static VmSized sized(List<SourceNic> nics, List<String> drop) {
        EventEnvelope e = NetworkTestVms.sized(null, nics, drop);
        assertNull(((VmSized) e.data()).request().mappingId());
        return (VmSized) e.data();
    }
}
