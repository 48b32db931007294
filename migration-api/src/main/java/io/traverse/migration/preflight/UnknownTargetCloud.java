package io.traverse.migration.preflight;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The target as seen without an OpenStack connection: nothing is known, so the target-side rules report that they
 * could not check. Replaced by an OpenStack-backed bean when one is present (see docs/api.md, "What is left").
 */
@ApplicationScoped
@DefaultBean
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
}
