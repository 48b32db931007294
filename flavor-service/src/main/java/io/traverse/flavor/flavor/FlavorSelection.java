package io.traverse.flavor.flavor;

import io.traverse.flavor.client.NovaFlavorClient;
import io.traverse.openstack.OpenStackException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * Decides the flavor of one VM: the operator's override if the plan has one, else the least-waste qualifying flavor
 * ({@link FlavorMatcher}), else a flavor created for it (when auto-create is on and allowed), else a refusal that
 * names the VM's size and the largest flavor there is. Talks to Nova; holds no transaction.
 */
@ApplicationScoped
public class FlavorSelection {

    private static final Logger LOG = Logger.getLogger(FlavorSelection.class);

    private final FlavorCatalog catalog;
    private final NovaFlavorClient nova;
    private final FlavorConfig config;

    public FlavorSelection(FlavorCatalog catalog, NovaFlavorClient nova, FlavorConfig config) {
        this.catalog = catalog;
        this.nova = nova;
        this.config = config;
    }

    /** The outcome for one VM. */
    public sealed interface Decision {
    }

    /**
     * @param flavor      the flavor
     * @param how         OVERRIDE, MATCHED or AUTO_CREATED
     * @param explanation one line for logs and the preview API
     */
    public record Chosen(NovaFlavor flavor, How how, String explanation) implements Decision {
        public boolean autoCreated() {
            return how == How.AUTO_CREATED;
        }
    }

    /** Nothing chosen: why, and whether trying again later may help (Nova unreachable) or a person must act. */
    public record Refused(String reason, boolean retryable) implements Decision {
    }

    public enum How { OVERRIDE, MATCHED, AUTO_CREATED }

    /** Decides, creating a flavor if needed and allowed. */
    public Decision decide(SizingNeeds needs, String override) {
        return decide(needs, override, true);
    }

    /**
     * @param mayCreate false for previews: report what would be created instead of creating it
     */
    public Decision decide(SizingNeeds needs, String override, boolean mayCreate) {
        List<NovaFlavor> flavors;
        try {
            flavors = catalog.flavors();
        } catch (NovaFlavorClient.Refused e) {
            return new Refused("Nova refused to list flavors: " + e.getMessage(), false);
        } catch (RuntimeException e) {
            return new Refused("Nova flavors could not be read: " + e.getMessage(), true);
        }
        if (override != null && !override.isBlank()) {
            return overridden(needs, override.strip(), flavors);
        }
        Optional<NovaFlavor> best = FlavorMatcher.best(needs, flavors, config.preferBootFromVolume());
        if (best.isPresent()) {
            return new Chosen(best.get(), How.MATCHED, "least-waste flavor for " + needs.describe() + ": "
                    + best.get().describe());
        }
        return noFit(needs, flavors, mayCreate);
    }

    private Decision overridden(SizingNeeds needs, String override, List<NovaFlavor> flavors) {
        Optional<NovaFlavor> f = flavors.stream().filter(x -> x.id().equals(override)).findFirst()
                .or(() -> flavors.stream().filter(x -> x.name().equals(override)).findFirst());
        if (f.isEmpty()) {
            return new Refused("The plan forces flavor '" + override + "', but Nova has no flavor of that name or id "
                    + "that project may use; fix the plan's flavor override.", false);
        }
        NovaFlavor flavor = f.get();
        if (!FlavorMatcher.firmwareCompatible(needs.firmware(), flavor)) {
            return new Refused("The plan forces flavor " + flavor.describe() + ", but its extra specs pin a boot "
                    + "firmware the VM (" + needs.describe() + ") does not use; choose another flavor.", false);
        }
        String note = "";
        if (flavor.vcpus() < needs.vcpus() || flavor.ramMb() < needs.ramMb()) {
            note = " (smaller than the VM's " + needs.describe() + ": the operator's choice is kept)";
            LOG.warnf("Forced flavor %s is smaller than the VM (%s); kept as the plan says", flavor.describe(),
                    needs.describe());
        }
        return new Chosen(flavor, How.OVERRIDE, "forced by the plan: " + flavor.describe() + note);
    }

    private Decision noFit(SizingNeeds needs, List<NovaFlavor> flavors, boolean mayCreate) {
        String largest = FlavorMatcher.largest(flavors).map(NovaFlavor::describe).orElse("none (Nova lists no flavor)");
        String name = FlavorMatcher.autoCreatedName(needs);
        String noFit = "No flavor fits " + needs.describe() + "; the largest flavor is " + largest;
        if (!config.autoCreate().enabled()) {
            return new Refused(noFit + ". Create a flavor that fits, force one in the plan, or turn on "
                    + "traverse.flavor.auto-create.enabled (it would create " + name + ").", false);
        }
        if (!nova.canCreate()) {
            return new Refused(noFit + ". Auto-create is on, but no admin identity is configured "
                    + "(traverse.openstack.admin.*) to create " + name + ".", false);
        }
        int ramMb = (int) (FlavorMatcher.autoCreatedRamGb(needs) * 1024);
        try {
            Optional<NovaFlavor> existing = nova.findAsAdmin(name);
            if (existing.isPresent() && FlavorMatcher.qualifies(needs, existing.get())) {
                return new Chosen(existing.get(), How.AUTO_CREATED, "no flavor fitted; reusing " + existing.get().describe()
                        + " that Traverse created earlier");
            }
            if (existing.isPresent()) {
                return new Refused(noFit + ". A flavor named " + name + " exists but does not fit ("
                        + existing.get().describe() + "); rename or delete it.", false);
            }
            if (!mayCreate) {
                return new Chosen(new NovaFlavor("(to be created)", name, needs.vcpus(), ramMb, 0, 0, 0,
                        config.autoCreate().makePublic(), java.util.Map.of()), How.AUTO_CREATED,
                        "no flavor fits; " + name + " would be created");
            }
            NovaFlavor created = nova.create(name, needs.vcpus(), ramMb, config.autoCreate().makePublic());
            catalog.invalidate();
            LOG.infof("Created flavor %s for %s", created.describe(), needs.describe());
            return new Chosen(created, How.AUTO_CREATED, "no flavor fitted " + needs.describe() + "; created "
                    + created.describe());
        } catch (NovaFlavorClient.Refused e) {
            return new Refused(noFit + ". Creating " + name + " was refused: " + e.getMessage(), false);
        } catch (OpenStackException e) {
            return new Refused(noFit + ". Creating " + name + " failed: " + e.getMessage(), e.retryable());
        } catch (RuntimeException e) {
            return new Refused(noFit + ". Creating " + name + " failed: " + e.getMessage(), true);
        }
    }
}
