package io.traverse.migration.mapping;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An infrastructure mapping, as the wizard builds it: source clusters → availability zones, source datastores →
 * Cinder volume types, source port groups → Neutron networks. Each pair maps one or more sources to one target.
 */
public record InfraMapping(UUID id, String name, String description, List<Pair> clusters, List<Pair> datastores,
                           List<Pair> networks, Instant createdAt, Instant updatedAt, int version) {

    /** One or more source names mapped to one target name. */
    public record Pair(@NotEmpty List<@NotBlank String> sources, @NotBlank String target) {
    }

    /** What a client sends to create or replace a mapping. */
    public record Body(@NotBlank @Size(max = 120) String name,
                       @Size(max = 2000) String description,
                       @NotNull List<@Valid @NotNull Pair> clusters,
                       @NotNull List<@Valid @NotNull Pair> datastores,
                       @NotNull List<@Valid @NotNull Pair> networks) {
    }

    public Optional<String> targetOfCluster(String source) {
        return targetOf(clusters, source);
    }

    public Optional<String> targetOfDatastore(String source) {
        return targetOf(datastores, source);
    }

    public Optional<String> targetOfNetwork(String source) {
        return targetOf(networks, source);
    }

    private static Optional<String> targetOf(List<Pair> pairs, String source) {
        return pairs.stream().filter(p -> p.sources().contains(source)).map(Pair::target).findFirst();
    }
}
