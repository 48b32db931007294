package io.traverse.migration.preflight;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The target as seen without an OpenStack connection: nothing is known, so the target-side rules report that they
 * could not check. {@code io.traverse.migration.target.TargetCloudProducer} uses it when
 * {@code traverse.openstack.auth-url} is not set.
 */
public class UnknownTargetCloud implements TargetCloud {

    @Override
    public Optional<Set<String>> availabilityZones() {
        return Optional.empty();
    }

    @Override
    public Optional<Set<String>> volumeTypes() {
        return Optional.empty();
    }

    @Override
    public Optional<Set<String>> networks() {
        return Optional.empty();
    }

    @Override
    public Optional<Set<String>> serverNames() {
        return Optional.empty();
    }

    @Override
    public Optional<Set<String>> portMacs() {
        return Optional.empty();
    }

    @Override
    public Optional<Map<String, Map<String, String>>> flavorExtraSpecs() {
        return Optional.empty();
    }

    @Override
    public Optional<Headroom> headroom() {
        return Optional.empty();
    }

    @Override
    public Optional<List<ComputeHost>> computeHosts() {
        return Optional.empty();
    }

    @Override
    public Optional<Storage> storage() {
        return Optional.empty();
    }
}
