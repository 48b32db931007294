package io.traverse.migration.target;

import com.fasterxml.jackson.databind.JsonNode;
import io.traverse.migration.preflight.TargetCloud;
import io.traverse.openstack.OpenStackClients;
import io.traverse.openstack.OpenStackRest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What preflight and mapping validation read from the OpenStack target, as the Traverse identity (a project member):
 * Nova's availability zones, servers, flavors with extra specs (microversion 2.61) and limits, Cinder's volume types
 * and limits, Neutron's networks, subnets, ports and quota. Reads only. Each call times out after 20 s, is retried once,
 * and after repeated failures the circuit opens for 30 s; failures are {@code OpenStackException}s (or fault-tolerance
 * exceptions), which {@link OpenStackTargetCloud} turns into "cannot tell".
 */
@ApplicationScoped
public class TargetClient {

    private static final Map<String, String> NOVA_2_61 = Map.of("OpenStack-API-Version", "compute 2.61");
    /** IPv6 pools are effectively endless; counted as this many addresses. */
    private static final long HUGE = 1L << 40;

    private static final Logger LOG = Logger.getLogger(TargetClient.class);

    private final OpenStackClients openstack;

    public TargetClient(OpenStackClients openstack) {
        this.openstack = openstack;
    }

    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 300)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS)
    public Set<String> availabilityZones() {
        Set<String> zones = new LinkedHashSet<>();
        for (JsonNode z : rest().get("compute", "/os-availability-zone").path("availabilityZoneInfo")) {
            if (z.path("zoneState").path("available").asBoolean(true)) {
                zones.add(z.path("zoneName").asText());
            }
        }
        return zones;
    }

    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 300)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS)
    public Set<String> volumeTypes() {
        return names(rest().get("volumev3", "/types").path("volume_types"));
    }

    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 300)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS)
    public Set<String> networks() {
        return names(rest().get("network", "/v2.0/networks?fields=name").path("networks"));
    }

    /** Names of the project's servers, every page. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 300)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS)
    public Set<String> serverNames() {
        Set<String> names = new LinkedHashSet<>();
        String marker = null;
        while (true) {
            JsonNode servers = rest().get("compute", "/servers?limit=1000" + (marker == null ? "" : "&marker=" + marker))
                    .path("servers");
            for (JsonNode s : servers) {
                names.add(s.path("name").asText());
                marker = s.path("id").asText();
            }
            if (servers.size() < 1000) {
                return names;
            }
        }
    }

    /** The ports the project can see: MAC, network and fixed IPs. */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 300)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS)
    public List<Port> ports() {
        List<Port> ports = new ArrayList<>();
        for (JsonNode p : rest().get("network", "/v2.0/ports?fields=mac_address&fields=network_id&fields=fixed_ips")
                .path("ports")) {
            List<String> ips = new ArrayList<>();
            p.path("fixed_ips").forEach(ip -> ips.add(ip.path("ip_address").asText()));
            ports.add(new Port(p.path("mac_address").asText().toLowerCase(Locale.ROOT), p.path("network_id").asText(), ips));
        }
        return ports;
    }

    /** A Neutron port as far as preflight cares. */
    public record Port(String macAddress, String networkId, List<String> fixedIps) {
    }

    /** Extra specs of every flavor the project may use, by flavor name (one call: microversion 2.61 has them inline). */
    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 300)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS)
    public Map<String, Map<String, String>> flavorExtraSpecs() {
        Map<String, Map<String, String>> specs = new HashMap<>();
        for (JsonNode f : rest().call("GET", "compute", "/flavors/detail", null, NOVA_2_61).path("flavors")) {
            Map<String, String> extra = new HashMap<>();
            f.path("extra_specs").fields().forEachRemaining(e -> extra.put(e.getKey(), e.getValue().asText()));
            specs.put(f.path("name").asText(), extra);
        }
        return specs;
    }

    /**
     * What the project's quota leaves: Nova's limits (instances, cores, RAM), Cinder's (volumes, gigabytes), Neutron's
     * quota details (ports), and the free addresses of each of the project's own networks (allocation pools minus the
     * fixed IPs of its ports; Neutron's ip-availability API is for admins only). Cores and RAM are also capped by
     * the cloud's free capacity when an admin identity is configured ({@link #capacity()}, passed in).
     */
    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 300)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS)
    public TargetCloud.Headroom headroom(List<Port> ports, Optional<Capacity> capacity) {
        OpenStackRest rest = rest();
        JsonNode nova = rest.get("compute", "/limits").path("limits").path("absolute");
        JsonNode cinder = rest.get("volumev3", "/limits").path("limits").path("absolute");
        String project = openstack.projectId();
        JsonNode portQuota = rest.get("network", "/v2.0/quotas/" + project + "/details.json").path("quota").path("port");
        long freePorts = left(portQuota.path("limit").asLong(-1), portQuota.path("used").asLong(0)
                + portQuota.path("reserved").asLong(0));

        Map<String, String> networkNames = new HashMap<>();
        for (JsonNode n : rest.get("network", "/v2.0/networks?project_id=" + project + "&fields=id&fields=name")
                .path("networks")) {
            networkNames.put(n.path("id").asText(), n.path("name").asText());
        }
        Map<String, Long> freeByNetwork = new HashMap<>();
        for (JsonNode subnet : rest.get("network", "/v2.0/subnets?project_id=" + project).path("subnets")) {
            String network = networkNames.get(subnet.path("network_id").asText());
            if (network == null) {
                continue;
            }
            long free = 0;
            for (JsonNode pool : subnet.path("allocation_pools")) {
                BigInteger start = address(pool.path("start").asText());
                BigInteger end = address(pool.path("end").asText());
                long size = end.subtract(start).add(BigInteger.ONE).min(BigInteger.valueOf(HUGE)).longValue();
                long used = ports.stream().flatMap(p -> p.fixedIps().stream()).map(TargetClient::address)
                        .filter(ip -> ip.compareTo(start) >= 0 && ip.compareTo(end) <= 0).count();
                free += Math.max(0, size - used);
            }
            freeByNetwork.merge(network, free, Long::sum);
        }
        long freeIps = freeByNetwork.values().stream().mapToLong(Long::longValue).reduce(0, TargetClient::saturatedAdd);
        Capacity free = capacity.orElse(new Capacity(Long.MAX_VALUE, Long.MAX_VALUE));
        return new TargetCloud.Headroom(
                left(nova.path("maxTotalInstances").asLong(-1), nova.path("totalInstancesUsed").asLong(0)),
                Math.min(free.vcpus(), left(nova.path("maxTotalCores").asLong(-1), nova.path("totalCoresUsed").asLong(0))),
                Math.min(free.ramMb(), left(nova.path("maxTotalRAMSize").asLong(-1), nova.path("totalRAMUsed").asLong(0))),
                left(cinder.path("maxTotalVolumes").asLong(-1), cinder.path("totalVolumesUsed").asLong(0)),
                left(cinder.path("maxTotalVolumeGigabytes").asLong(-1), cinder.path("totalGigabytesUsed").asLong(0)),
                freePorts, freeIps, freeByNetwork);
    }

    /** The cloud's free compute capacity, summed over Placement's resource providers. */
    public record Capacity(long vcpus, long ramMb) {

        static Capacity of(List<Provider> providers) {
            return new Capacity(providers.stream().mapToLong(Provider::freeVcpus).reduce(0, TargetClient::saturatedAdd),
                    providers.stream().mapToLong(Provider::freeRamMb).reduce(0, TargetClient::saturatedAdd));
        }
    }

    /**
     * A compute host as Placement counts it: free vCPUs and RAM ((total - reserved) x allocation ratio - used) and
     * the largest single instance it takes ({@code max_unit}).
     */
    public record Provider(String name, long freeVcpus, long freeRamMb, long maxVcpus, long maxRamMb) {
    }

    /** The cloud's free compute capacity, when an admin identity can read Placement. */
    public Optional<Capacity> capacity() {
        return providers().map(Capacity::of);
    }

    /**
     * Placement's resource providers that have VCPU or MEMORY_MB, as the admin identity: Placement is admin-only.
     * Empty without an admin identity or when Placement does not answer (the checks that need it then say so).
     */
    public Optional<List<Provider>> providers() {
        var admin = openstack.adminRest();
        if (admin.isEmpty()) {
            return Optional.empty();
        }
        try {
            List<Provider> providers = new ArrayList<>();
            for (JsonNode rp : admin.get().get("placement", "/resource_providers").path("resource_providers")) {
                String uuid = rp.path("uuid").asText();
                JsonNode inventories = admin.get().get("placement", "/resource_providers/" + uuid + "/inventories")
                        .path("inventories");
                if (!inventories.has("VCPU") && !inventories.has("MEMORY_MB")) {
                    continue; // a sharing storage or network provider, not a compute host
                }
                JsonNode usages = admin.get().get("placement", "/resource_providers/" + uuid + "/usages").path("usages");
                JsonNode vcpu = inventories.path("VCPU");
                JsonNode ram = inventories.path("MEMORY_MB");
                providers.add(new Provider(rp.path("name").asText(uuid),
                        free(vcpu, usages.path("VCPU").asLong(0)), free(ram, usages.path("MEMORY_MB").asLong(0)),
                        vcpu.path("max_unit").asLong(vcpu.path("total").asLong(0)),
                        ram.path("max_unit").asLong(ram.path("total").asLong(0))));
            }
            return Optional.of(providers);
        } catch (RuntimeException e) {
            LOG.warnf("OpenStack target: Placement could not be read as the admin identity (%s); the wave check uses "
                    + "the quota alone and host sizes are not checked", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Cinder's backend pools with what the scheduler would still place in each, and the backend each volume type is
     * pinned to ({@code volume_backend_name}), as the admin identity: scheduler-stats and the backend names of types
     * are admin-only. Empty without an admin identity or when Cinder does not answer.
     */
    public Optional<TargetCloud.Storage> storage() {
        var admin = openstack.adminRest();
        if (admin.isEmpty()) {
            return Optional.empty();
        }
        try {
            List<TargetCloud.StoragePool> pools = new ArrayList<>();
            for (JsonNode pool : admin.get().get("volumev3", "/scheduler-stats/get_pools?detail=true").path("pools")) {
                JsonNode caps = pool.path("capabilities");
                pools.add(new TargetCloud.StoragePool(pool.path("name").asText(),
                        caps.path("volume_backend_name").asText(null), schedulableGb(caps)));
            }
            Map<String, String> backends = new HashMap<>();
            for (JsonNode type : admin.get().get("volumev3", "/types").path("volume_types")) {
                String backend = type.path("extra_specs").path("volume_backend_name").asText(null);
                if (backend != null) {
                    backends.put(type.path("name").asText(), backend);
                }
            }
            return Optional.of(new TargetCloud.Storage(pools, backends));
        } catch (RuntimeException e) {
            LOG.warnf("OpenStack target: Cinder's pools could not be read as the admin identity (%s); the wave's "
                    + "storage is checked against the quota alone", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * GiB Cinder's capacity filter would still accept in a pool: free minus the reserved percentage of the total; on
     * a thin-provisioning pool that times the over-subscription ratio, but no more than the ratio allows over the
     * total minus what is already provisioned. "infinite" or "unknown" sizes count as unlimited.
     */
    static long schedulableGb(JsonNode caps) {
        double total = gigabytes(caps.path("total_capacity_gb"));
        double free = gigabytes(caps.path("free_capacity_gb"));
        if (Double.isInfinite(total) || Double.isInfinite(free)) {
            return Long.MAX_VALUE;
        }
        double usable = free - Math.floor(total * caps.path("reserved_percentage").asDouble(0) / 100);
        double ratio = caps.path("max_over_subscription_ratio").asDouble(1.0); // "auto" reads as 0: no over-subscription
        if (caps.path("thin_provisioning_support").asBoolean(false) && ratio >= 1) {
            double provisioned = caps.has("provisioned_capacity_gb") ? caps.path("provisioned_capacity_gb").asDouble(0)
                    : caps.path("allocated_capacity_gb").asDouble(0);
            usable = Math.min(usable * ratio, total * ratio - provisioned);
        }
        return Math.max(0, (long) Math.floor(usable));
    }

    private static double gigabytes(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        String text = n.asText("");
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.POSITIVE_INFINITY; // "infinite", "unknown" or absent: the backend does not limit
        }
    }

    private static long free(JsonNode inventory, long used) {
        if (inventory.isMissingNode()) {
            return 0;
        }
        double usable = (inventory.path("total").asLong(0) - inventory.path("reserved").asLong(0))
                * inventory.path("allocation_ratio").asDouble(1.0);
        return Math.max(0, (long) Math.floor(usable) - used);
    }

    private OpenStackRest rest() {
        return openstack.rest();
    }

    /** Limit minus used; a negative limit means unlimited. */
    static long left(long limit, long used) {
        return limit < 0 ? Long.MAX_VALUE : Math.max(0, limit - used);
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static Set<String> names(JsonNode list) {
        Set<String> names = new LinkedHashSet<>();
        list.forEach(n -> names.add(n.path("name").asText()));
        return names;
    }

    private static BigInteger address(String ip) {
        try {
            return new BigInteger(1, InetAddress.getByName(ip).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
    }
}
