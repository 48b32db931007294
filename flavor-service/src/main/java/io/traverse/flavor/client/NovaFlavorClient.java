package io.traverse.flavor.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.traverse.flavor.flavor.NovaFlavor;
import io.traverse.openstack.OpenStackClients;
import io.traverse.openstack.OpenStackException;
import io.traverse.openstack.OpenStackRest;
import io.traverse.openstack.TraverseTags;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Nova's flavors, read with one call ({@code GET /flavors/detail} at microversion 2.61, which carries the extra specs
 * inline) as the Traverse identity: public flavors and private ones our project may use. Creating a flavor needs the
 * admin identity. Transient failures (no answer, 5xx) are retried; a refusal (4xx) is not ({@link Refused}).
 */
@ApplicationScoped
public class NovaFlavorClient {

    static final Map<String, String> MICROVERSION = Map.of("OpenStack-API-Version", "compute 2.61");

    private final OpenStackClients openstack;

    public NovaFlavorClient(OpenStackClients openstack) {
        this.openstack = openstack;
    }

    /** Nova said no (4xx): retrying will not help. */
    public static class Refused extends RuntimeException {
        private final int status;

        public Refused(OpenStackException e) {
            super(e.getMessage(), e);
            this.status = e.status();
        }

        public int status() {
            return status;
        }
    }

    /** Every flavor the Traverse identity may boot, with extra specs. Disabled flavors are left out. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = Refused.class)
    public List<NovaFlavor> list() {
        return refusedIs4xx(() -> parse(openstack.rest()
                .call("GET", "compute", "/flavors/detail", null, MICROVERSION).get("flavors")));
    }

    /** Whether an admin identity is configured (it may still be refused by policy). */
    public boolean canCreate() {
        return openstack.adminRest().isPresent();
    }

    /** The flavor of this exact name as the admin sees it (public or private), if any. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500, abortOn = Refused.class)
    public Optional<NovaFlavor> findAsAdmin(String name) {
        OpenStackRest admin = admin();
        return refusedIs4xx(() -> parse(admin.call("GET", "compute", "/flavors/detail?is_public=None", null, MICROVERSION)
                .get("flavors")).stream().filter(f -> f.name().equals(name)).findFirst());
    }

    /**
     * Creates a boot-from-volume flavor as the admin, marks it {@code traverse:auto-created=true} and, when private,
     * gives the Traverse project access. A 409 (someone created it meanwhile) is answered with the existing one.
     */
    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 1000, abortOn = Refused.class)
    public NovaFlavor create(String name, int vcpus, int ramMb, boolean makePublic) {
        OpenStackRest admin = admin();
        return refusedIs4xx(() -> {
            JsonNode created;
            try {
                created = admin.post("compute", "/flavors", Map.of("flavor", Map.of("name", name, "vcpus", vcpus,
                        "ram", ramMb, "disk", 0, "os-flavor-access:is_public", makePublic))).get("flavor");
            } catch (OpenStackException e) {
                if (e.status() == 409) {
                    return findAsAdmin(name).orElseThrow(() -> e);
                }
                throw e;
            }
            String id = created.get("id").asText();
            admin.post("compute", "/flavors/" + id + "/os-extra_specs",
                    Map.of("extra_specs", Map.of(TraverseTags.FLAVOR_EXTRA_SPEC, "true")));
            if (!makePublic) {
                admin.post("compute", "/flavors/" + id + "/action",
                        Map.of("addTenantAccess", Map.of("tenant", openstack.projectId())));
            }
            return new NovaFlavor(id, name, vcpus, ramMb, 0, 0, 0, makePublic,
                    Map.of(TraverseTags.FLAVOR_EXTRA_SPEC, "true"));
        });
    }

    /** Deletes a flavor Traverse created (tests and cleanup); refuses any flavor without the Traverse extra spec. */
    public boolean deleteAutoCreated(NovaFlavor flavor) {
        if (!"true".equals(flavor.extraSpecs().get(TraverseTags.FLAVOR_EXTRA_SPEC))) {
            throw new IllegalArgumentException(flavor.name() + " was not created by Traverse; not deleting it");
        }
        return admin().delete("compute", "/flavors/" + flavor.id());
    }

    private OpenStackRest admin() {
        return openstack.adminRest().orElseThrow(() -> new Refused(new OpenStackException(403,
                "no admin identity configured (traverse.openstack.admin.*); Traverse may not create flavors")));
    }

    private static <T> T refusedIs4xx(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (OpenStackException e) {
            if (e.status() >= 400 && e.status() < 500 && e.status() != 408 && e.status() != 429) {
                throw new Refused(e);
            }
            throw e;
        }
    }

    static List<NovaFlavor> parse(JsonNode flavors) {
        List<NovaFlavor> out = new ArrayList<>();
        if (flavors == null) {
            return out;
        }
        for (JsonNode f : flavors) {
            if (f.path("OS-FLV-DISABLED:disabled").asBoolean(false)) {
                continue;
            }
            Map<String, String> specs = new HashMap<>();
            f.path("extra_specs").fields().forEachRemaining(e -> specs.put(e.getKey(), e.getValue().asText()));
            out.add(new NovaFlavor(f.get("id").asText(), f.get("name").asText(), f.get("vcpus").asInt(),
                    f.get("ram").asInt(), f.get("disk").asInt(), f.path("OS-FLV-EXT-DATA:ephemeral").asInt(0),
                    f.path("swap").isInt() ? f.get("swap").asInt() : 0,
                    f.path("os-flavor-access:is_public").asBoolean(true), specs));
        }
        return out;
    }
}
