package io.traverse.network.mapping;

import io.traverse.events.SourceNic;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An infrastructure mapping as migration-api serves it at {@code GET /api/mappings/{id}} (the shape of
 * {@code io.traverse.migration.mapping.InfraMapping}, read-only and only the parts network-mapper uses; unknown fields
 * are ignored): source clusters → availability zones, source datastores → Cinder volume types, source port groups →
 * Neutron networks (by name, or id). Each pair maps one or more source names to one target.
 */
public record InfraMapping(UUID id, String name, List<Pair> clusters, List<Pair> datastores, List<Pair> networks,
                           int version) {

    public InfraMapping {
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
        datastores = datastores == null ? List.of() : List.copyOf(datastores);
        networks = networks == null ? List.of() : List.copyOf(networks);
    }

    /** One or more source names mapped to one target name. */
    public record Pair(List<String> sources, String target) {

        public Pair {
            sources = sources == null ? List.of() : List.copyOf(sources);
        }
    }

    public Optional<String> targetOfCluster(String source) {
        return targetOf(clusters, source);
    }

    public Optional<String> targetOfDatastore(String source) {
        return targetOf(datastores, source);
    }

    /** The NIC's target network: by port group display name (what mappings are written against), else by its id. */
    public Optional<String> targetOfNetwork(SourceNic nic) {
        return targetOf(networks, nic.networkName()).or(() -> targetOf(networks, nic.portGroup()));
    }

    private static Optional<String> targetOf(List<Pair> pairs, String source) {
        return source == null ? Optional.empty()
                : pairs.stream().filter(p -> p.sources().contains(source)).map(Pair::target).findFirst();
    }
}
