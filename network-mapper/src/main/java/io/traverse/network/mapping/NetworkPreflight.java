package io.traverse.network.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.traverse.network.client.MappingClient;
import io.traverse.network.client.MigrationApiRefusedException;
import io.traverse.network.port.NeutronNetworks;
import io.traverse.network.port.NeutronPorts;
import io.traverse.openstack.OpenStackException;
import io.traverse.support.rest.ProblemException;
import io.traverse.support.rest.ProblemTypes;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The Neutron half of the Network Mapping tab's preflight: for each port-group pair of a mapping, whether its target
 * network exists in Neutron (and which it is), and which of the given source MACs a Neutron port already has.
 * Which NICs of a plan are mapped or unmapped is migration-api's preflight (rule {@code mapping}), which refuses a
 * start with an unmapped NIC that is not dropped; this answers what only Neutron knows.
 */
@ApplicationScoped
public class NetworkPreflight {

    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");

    private final MappingClient mappings;
    private final NeutronNetworks networks;
    private final NeutronPorts ports;

    public NetworkPreflight(MappingClient mappings, NeutronNetworks networks, NeutronPorts ports) {
        this.mappings = mappings;
        this.networks = networks;
        this.ports = ports;
    }

    /** The report for one mapping. */
    public record Report(UUID mappingId, String mapping, int mappingVersion, Instant checkedAt, boolean allNetworksExist,
                         List<NetworkCheck> networks, List<MacInUse> macsInUse) {
    }

    /**
     * One port-group pair: {@code exists} false with {@code problem} saying why (missing, or a name several networks
     * have); otherwise the network's id, whether it is shared and whether the Traverse project owns it (only then may
     * ports on it keep a source MAC: on a network the project does not own Neutron's policy refuses a fixed MAC).
     */
    public record NetworkCheck(List<String> sources, String target, boolean exists, String networkId, Boolean shared,
                               Boolean ownedByProject, List<String> subnets, String problem) {
    }

    /** A source MAC that a Neutron port already has: a MAC-preserving port for it would fail (or get a new MAC). */
    public record MacInUse(String mac, String portId, String portName, String networkId) {
    }

    public Report check(UUID mappingId, List<String> macs) {
        List<String> wanted = new ArrayList<>();
        for (String m : macs) {
            String mac = m.trim().toLowerCase(Locale.ROOT);
            if (!MAC.matcher(mac).matches()) {
                throw ProblemException.badRequest("mac must be a MAC address like 00:50:56:a1:2b:3c, not '" + m + "'");
            }
            wanted.add(mac);
        }
        InfraMapping mapping;
        try {
            mapping = mappings.mapping(mappingId).orElseThrow(() -> ProblemException.notFound("Mapping " + mappingId));
        } catch (MigrationApiRefusedException e) {
            throw unavailable("migration-api refused", e.getMessage());
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unavailable("migration-api unavailable", "migration-api could not be asked for mapping " + mappingId
                    + " (" + e.getClass().getSimpleName() + ")");
        }
        try {
            List<NetworkCheck> checks = new ArrayList<>();
            for (InfraMapping.Pair p : mapping.networks()) {
                checks.add(check(p));
            }
            List<MacInUse> inUse = new ArrayList<>();
            for (String mac : wanted) {
                Optional<JsonNode> port = ports.portWithMac(mac);
                port.ifPresent(j -> inUse.add(new MacInUse(mac, j.path("id").asText(), j.path("name").asText(),
                        j.path("network_id").asText())));
            }
            return new Report(mapping.id(), mapping.name(), mapping.version(), Instant.now(),
                    checks.stream().allMatch(NetworkCheck::exists), checks, inUse);
        } catch (OpenStackException e) {
            throw unavailable("OpenStack unavailable", "Neutron: " + e.getMessage());
        }
    }

    private NetworkCheck check(InfraMapping.Pair p) {
        try {
            return networks.find(p.target())
                    .map(n -> new NetworkCheck(p.sources(), p.target(), true, n.id(), n.shared(), n.ownedByProject(),
                            n.subnets(), null))
                    .orElseGet(() -> new NetworkCheck(p.sources(), p.target(), false, null, null, null, List.of(),
                            "no network '" + p.target() + "' in Neutron (or the Traverse project cannot see it)"));
        } catch (NeutronNetworks.AmbiguousNetworkException e) {
            return new NetworkCheck(p.sources(), p.target(), false, null, null, null, List.of(), e.getMessage());
        }
    }

    private static ProblemException unavailable(String title, String detail) {
        return new ProblemException(ProblemTypes.UPSTREAM_UNAVAILABLE, title, 503, detail);
    }
}
