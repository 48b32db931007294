package io.traverse.migration.preflight.rules;

import io.traverse.migration.preflight.Finding;
import io.traverse.migration.preflight.PreflightContext;
import io.traverse.migration.preflight.PreflightRule;
import io.traverse.migration.preflight.Severity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A server with the VM's name (or its {@code migrated-} name) already on the target would be ambiguous. */
@ApplicationScoped
public class NameCollisionRule implements PreflightRule {

    @Override
    public String id() {
        return "name-collision";
    }

    @Override
    public List<Finding> check(PreflightContext ctx) {
        List<Finding> out = new ArrayList<>();
        var names = ctx.target().serverNames();
        if (names.isEmpty()) {
            out.add(new Finding(id(), Severity.ADVISORY, null, null,
                    "The OpenStack target could not be asked; server name collisions were not checked."));
            return out;
        }
        Set<String> existing = names.get();
        for (var c : ctx.vms()) {
            for (String candidate : List.of(c.vmName(), "migrated-" + c.vmName())) {
                if (existing.contains(candidate)) {
                    out.add(new Finding(id(), Severity.CRITICAL, c.vmId(), c.vmName(),
                            "A server named " + candidate + " already exists on the target; rename or remove it first."));
                }
            }
        }
        return out;
    }
}
