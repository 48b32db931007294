package io.traverse.network.port;

import com.fasterxml.jackson.databind.JsonNode;
import io.traverse.events.PortMapping;
import io.traverse.events.SourceNic;
import io.traverse.openstack.OpenStackClients;
import io.traverse.openstack.OpenStackException;
import io.traverse.openstack.OpenStackRest;
import io.traverse.openstack.ProtectedResources;
import io.traverse.openstack.TraverseTags;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The Neutron ports of a migration: one per kept source NIC, named {@code traverse-<vm-id>-nic-<key>}, carrying the
 * source MAC when possible, marked as Traverse's with the description (set atomically on create) and the tags of
 * {@link TraverseTags} (set right after: this Neutron ignores tags in a create request). Everything is looked up
 * first, so a redelivered trigger creates no second port; cleanup deletes only ports marked for that migration.
 */
@ApplicationScoped
public class NeutronPorts {

    private static final Logger LOG = Logger.getLogger(NeutronPorts.class);

    private final OpenStackClients openstack;
    private final ProtectedResources guard;

    public NeutronPorts(OpenStackClients openstack, ProtectedResources guard) {
        this.openstack = openstack;
        this.guard = guard;
    }

    /** The name of the port of one source NIC. */
    public static String portName(String vmId, SourceNic nic) {
        return "traverse-" + vmId + "-nic-" + nic.key();
    }

    /**
     * The port of {@code nic} for this migration: the existing one, or a new one on {@code networkId}.
     *
     * @param preserveMac keep the source MAC (false: re-addressing, Neutron picks a MAC)
     * @param onConflict  what to do when the MAC is taken or refused
     * @param preserveIp  give the port the guest's reported IP when a subnet of the network contains it; otherwise
     *                    (or when Neutron refuses it) Neutron assigns one and the port mapping's note says why
     * @throws MacInUseException when the MAC is taken and {@code onConflict} is FAIL
     */
    public PortMapping ensurePort(UUID migrationId, String vmId, SourceNic nic, String networkId, String subnetId,
                                  List<String> securityGroups, boolean preserveMac, MacConflict onConflict,
                                  boolean preserveIp) {
        String name = portName(vmId, nic);
        Optional<JsonNode> existing = portsOf(migrationId, vmId).stream()
                .filter(p -> name.equals(p.path("name").asText())).findFirst();
        if (existing.isPresent()) {
            LOG.debugf("Port %s of %s exists already (%s)", name, nic.macAddress(), existing.get().get("id").asText());
            return mapping(nic, existing.get(), subnetId, preserveIp, null);
        }
        OpenStackRest neutron = openstack.rest();
        boolean tryMac = preserveMac;
        if (preserveMac) {
            Optional<JsonNode> holder = portWithMac(nic.macAddress());
            if (holder.isPresent()) {
                String why = "MAC " + nic.macAddress() + " of NIC " + nic.key() + " is already used by Neutron port "
                        + holder.get().path("id").asText() + " ('" + holder.get().path("name").asText() + "')";
                tryMac = fallback(why, onConflict);
            }
        }
        Map<String, Object> port = new LinkedHashMap<>();
        port.put("network_id", networkId);
        port.put("name", name);
        port.put("description", TraverseTags.description(migrationId, vmId));
        List<String> notes = new ArrayList<>();
        Optional<Map<String, String>> keptIp = preserveIp ? guestIpOn(nic, networkId, subnetId, notes) : Optional.empty();
        if (keptIp.isPresent()) {
            port.put("fixed_ips", List.of(keptIp.get()));
        } else if (subnetId != null) {
            port.put("fixed_ips", List.of(Map.of("subnet_id", subnetId)));
        }
        if (securityGroups != null && !securityGroups.isEmpty()) {
            port.put("security_groups", securityGroups);
        }
        if (preserveMac && !tryMac) {
            notes.add("MAC " + nic.macAddress() + " is used by another Neutron port: new MAC");
        }
        JsonNode created;
        if (tryMac) {
            port.put("mac_address", nic.macAddress());
        }
        while (true) {
            try {
                created = neutron.post("network", "/v2.0/ports", Map.of("port", port)).get("port");
                break;
            } catch (OpenStackException e) {
                if (port.containsKey("mac_address") && (e.status() == 409 && e.getMessage().contains("MacAddressInUse")
                        || e.status() == 403)) {
                    fallback("Neutron refused MAC " + nic.macAddress() + " of NIC " + nic.key() + ": " + e.getMessage(),
                            onConflict);
                    notes.add("Neutron refused MAC " + nic.macAddress() + ": new MAC");
                    port.remove("mac_address");
                } else if (keptIp.isPresent() && port.containsKey("fixed_ips") && ipRefused(e)) {
                    notes.add("guest IP " + keptIp.get().get("ip_address") + " not kept: Neutron refused it ("
                            + e.getMessage() + ")");
                    LOG.warnf("Neutron refused guest IP %s of NIC %s: %s; Neutron assigns one", keptIp.get().get("ip_address"),
                            nic.key(), e.getMessage());
                    port.remove("fixed_ips");
                    if (subnetId != null) {
                        port.put("fixed_ips", List.of(Map.of("subnet_id", subnetId)));
                    }
                    keptIp = Optional.empty();
                } else {
                    throw e;
                }
            }
        }
        String id = created.get("id").asText();
        neutron.put("network", "/v2.0/ports/" + id + "/tags",
                Map.of("tags", TraverseTags.neutronTags(migrationId, vmId)));
        LOG.infof("Created port %s (%s) for NIC %s with MAC %s and IP %s", name, id, nic.macAddress(),
                created.path("mac_address").asText(), created.path("fixed_ips").path(0).path("ip_address").asText());
        String assigned = created.path("fixed_ips").path(0).path("ip_address").asText(null);
        if (preserveIp && keptIp.isEmpty() && assigned != null) {
            notes.add("Neutron assigned " + assigned);
        }
        return mapping(nic, created, subnetId, preserveIp, notes.isEmpty() ? null : String.join("; ", notes));
    }

    /**
     * The fixed IP to ask Neutron for: the first address the guest reports on this NIC (IPv4 first) that a subnet of
     * the network contains (the given subnet only, when there is one). Empty, with a note saying why, when the guest
     * reports none or none lies in the network's subnets.
     */
    private Optional<Map<String, String>> guestIpOn(SourceNic nic, String networkId, String subnetId, List<String> notes) {
        if (nic.ipAddresses().isEmpty()) {
            notes.add("guest IP not kept: the guest reports no address on NIC " + nic.macAddress()
                    + " (VMware Tools not running?)");
            return Optional.empty();
        }
        List<String> cidrs = new ArrayList<>();
        for (JsonNode subnet : openstack.rest().get("network", "/v2.0/subnets?network_id=" + enc(networkId)).path("subnets")) {
            if (subnetId != null && !subnetId.equals(subnet.path("id").asText())) {
                continue;
            }
            String cidr = subnet.path("cidr").asText();
            cidrs.add(subnet.path("name").asText(subnet.path("id").asText()) + " " + cidr);
            for (String ip : nic.ipAddresses()) {
                if (GuestAddress.inCidr(ip, cidr)) {
                    return Optional.of(Map.of("subnet_id", subnet.path("id").asText(), "ip_address", ip));
                }
            }
        }
        notes.add("guest IP " + String.join(", ", nic.ipAddresses()) + " not kept: not in "
                + (cidrs.isEmpty() ? "any subnet of the target network (it has none)" : "the target subnet(s) " + cidrs));
        return Optional.empty();
    }

    /** Neutron would not give the port that address: taken, outside the subnet, or not allowed to this project. */
    private static boolean ipRefused(OpenStackException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return e.status() == 409 && (m.contains("IpAddressAlreadyAllocated") || m.contains("IpAddressInUse"))
                || e.status() == 400 && (m.contains("InvalidIpForSubnet") || m.contains("IpAddressGenerationFailure")
                || m.contains("ip_address"))
                || e.status() == 403;
    }

    /** Every port Traverse created for this migration (by tag, or by description when the tagging did not happen). */
    public List<JsonNode> portsOf(UUID migrationId, String vmId) {
        OpenStackRest neutron = openstack.rest();
        Map<String, JsonNode> found = new LinkedHashMap<>();
        for (JsonNode p : neutron.get("network", "/v2.0/ports?tags=" + enc(TraverseTags.migrationTag(migrationId)))
                .path("ports")) {
            found.put(p.get("id").asText(), p);
        }
        if (vmId != null) {
            String description = TraverseTags.description(migrationId, vmId);
            for (JsonNode p : neutron.get("network", "/v2.0/ports?description=" + enc(description)).path("ports")) {
                if (description.equals(p.path("description").asText())) {
                    found.putIfAbsent(p.get("id").asText(), p);
                }
            }
        }
        return new ArrayList<>(found.values());
    }

    /**
     * Deletes the ports of a cancelled or rolled-back migration: only those whose tags say they are this migration's
     * (or whose description does, for the source VM given), never a protected one. Returns how many went.
     */
    public int deletePortsOf(UUID migrationId, String vmId) {
        int deleted = 0;
        for (JsonNode p : portsOf(migrationId, vmId)) {
            List<String> tags = new ArrayList<>();
            p.path("tags").forEach(t -> tags.add(t.asText()));
            boolean ours = TraverseTags.ownedBy(tags, migrationId) || vmId != null
                    && TraverseTags.description(migrationId, vmId).equals(p.path("description").asText());
            if (!ours) {
                continue;
            }
            guard.checkModifiable("port", p.get("id").asText(), p.path("name").asText());
            if (openstack.rest().delete("network", "/v2.0/ports/" + p.get("id").asText())) {
                deleted++;
            }
        }
        LOG.infof("Deleted %d port(s) of migration %s", deleted, migrationId);
        return deleted;
    }

    /** The port that has this MAC, on any network this project can see. */
    public Optional<JsonNode> portWithMac(String mac) {
        JsonNode ports = openstack.rest().get("network", "/v2.0/ports?mac_address=" + enc(mac)).path("ports");
        return ports.isEmpty() ? Optional.empty() : Optional.of(ports.get(0));
    }

    private static boolean fallback(String why, MacConflict onConflict) {
        if (onConflict == MacConflict.FAIL) {
            throw new MacInUseException(why + "; free the MAC, drop the NIC, turn off MAC preservation for the plan, "
                    + "or set traverse.network.mac-conflict=NEW_MAC");
        }
        LOG.warnf("%s; the port gets a new MAC (traverse.network.mac-conflict=NEW_MAC)", why);
        return false;
    }

    private static PortMapping mapping(SourceNic nic, JsonNode port, String subnetId, boolean preserveIp, String note) {
        JsonNode ip = port.path("fixed_ips").path(0);
        List<String> sgs = new ArrayList<>();
        port.path("security_groups").forEach(s -> sgs.add(s.asText()));
        String fixedIp = ip.isMissingNode() ? null : ip.path("ip_address").asText();
        return new PortMapping(nic.macAddress(), port.get("network_id").asText(),
                ip.isMissingNode() ? subnetId : ip.path("subnet_id").asText(), port.get("id").asText(), fixedIp,
                nic.macAddress().equalsIgnoreCase(port.path("mac_address").asText()), sgs,
                preserveIp ? nic.ipAddresses().contains(fixedIp) : null, note);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
