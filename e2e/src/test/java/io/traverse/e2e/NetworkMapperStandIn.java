package io.traverse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.traverse.events.EventEnvelope;
import io.traverse.events.PortMapping;
import io.traverse.events.SourceDisk;
import io.traverse.events.SourceNic;
import io.traverse.events.Topics;
import io.traverse.events.VmMapped;
import io.traverse.events.VmSized;
import io.traverse.testbed.EventTestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * TEMPORARY, only with -De2e.stand-in.network-mapper=true: plays phase 3 while network-mapper's vm.sized consumer
 * does not publish vm.mapped yet (issue 8), so the phases after it can be driven end to end. It does what
 * docs/flavors-and-networks.md says network-mapper does: one Neutron port per NIC on the mapped network with the
 * source MAC, then vm.mapped from the vm.sized payload. Remove when network-mapper publishes vm.mapped.
 */
final class NetworkMapperStandIn {

    static boolean enabled() {
        return Boolean.getBoolean("e2e.stand-in.network-mapper");
    }

    /** Publishes vm.mapped for a migration sitting in MAPPING; returns the port ids it created. */
    static List<String> map(Stack stack, Target target, String migrationId, String network, String volumeType) {
        UUID mid = UUID.fromString(migrationId);
        try (EventTestClient kafka = new EventTestClient(stack.kafka())) {
            List<EventEnvelope> sized = kafka.await(Topics.VM_SIZED, e -> mid.equals(e.migrationId()), 1, Duration.ofSeconds(30));
            if (sized.isEmpty()) {
                throw new AssertionError("no vm.sized for " + migrationId);
            }
            VmSized s = (VmSized) sized.get(0).data();
            JsonNode net = target.get("network", "/v2.0/networks?name=" + network).path("networks").get(0);
            String netId = net.path("id").asText();
            String subnetId = net.path("subnets").get(0).asText();
            List<PortMapping> ports = new ArrayList<>();
            for (SourceNic nic : s.vm().nics()) {
                JsonNode port = target.post("network", "/v2.0/ports", Map.of("port", Map.of(
                        "network_id", netId, "mac_address", nic.macAddress(),
                        "name", "traverse-" + s.vm().id() + "-nic-" + nic.key(),
                        "description", "Created by the Traverse e2e stand-in for network-mapper, migration " + migrationId)))
                        .path("port");
                List<String> sgs = new ArrayList<>();
                port.path("security_groups").forEach(g -> sgs.add(g.asText()));
                ports.add(new PortMapping(nic.macAddress(), netId, subnetId, port.path("id").asText(),
                        port.path("fixed_ips").path(0).path("ip_address").asText(null), true, sgs));
            }
            Map<Integer, String> types = new LinkedHashMap<>();
            for (SourceDisk d : s.vm().disks()) {
                types.put(d.key(), volumeType);
            }
            kafka.send(EventEnvelope.of("network-mapper", mid,
                    new VmMapped(s.request(), s.vm(), s.flavor(), "nova", ports, types)));
            Stack.log("stand-in network-mapper: vm.mapped for " + migrationId + " with " + ports.size() + " port(s)");
            return ports.stream().map(PortMapping::portId).toList();
        }
    }
}
