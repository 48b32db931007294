package io.traverse.migration.preflight;

import io.traverse.events.MigrationMode;
import io.traverse.migration.inventory.InventoryClient;
import io.traverse.migration.inventory.InventoryUnavailableException;
import io.traverse.migration.inventory.InventoryVm;
import io.traverse.migration.mapping.InfraMapping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Runs every {@link PreflightRule} over a wave and sorts the findings, most severe first. */
@ApplicationScoped
public class PreflightService {

    private static final Logger LOG = Logger.getLogger(PreflightService.class);

    private final Instance<PreflightRule> rules;
    private final InventoryClient inventory;
    private final TargetCloud target;

    public PreflightService(Instance<PreflightRule> rules, InventoryClient inventory, TargetCloud target) {
        this.rules = rules;
        this.inventory = inventory;
        this.target = target;
    }

    public PreflightReport run(MigrationMode mode, List<PreflightContext.Candidate> vms, Optional<InfraMapping> mapping) {
        Optional<Map<String, InventoryVm>> inv;
        try {
            inv = Optional.of(inventory.vms().stream()
                    .collect(Collectors.toMap(InventoryVm::id, Function.identity(), (a, b) -> a)));
        } catch (InventoryUnavailableException e) {
            LOG.warnf("Preflight without the inventory: %s", e.getMessage());
            inv = Optional.empty();
        }
        PreflightContext ctx = new PreflightContext(mode, vms, mapping, inv, target);
        List<Finding> findings = new ArrayList<>();
        for (PreflightRule rule : rules) {
            findings.addAll(rule.check(ctx));
        }
        findings.sort(Comparator.comparing(Finding::severity)
                .thenComparing(f -> f.vmName() == null ? "" : f.vmName())
                .thenComparing(Finding::rule));
        return PreflightReport.of(Instant.now(), findings);
    }
}
