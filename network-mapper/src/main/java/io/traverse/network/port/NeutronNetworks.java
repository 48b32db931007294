package io.traverse.network.port;

import com.fasterxml.jackson.databind.JsonNode;
import io.traverse.openstack.OpenStackClients;
import io.traverse.openstack.OpenStackException;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the Neutron network a mapping names, by name or id, among those the Traverse project can see. */
@ApplicationScoped
public class NeutronNetworks {

    private final OpenStackClients openstack;

    public NeutronNetworks(OpenStackClients openstack) {
        this.openstack = openstack;
    }

    /** A network the project can see. */
    public record Network(String id, String name, boolean shared, boolean ownedByProject, List<String> subnets) {
    }

    /**
     * The network named (or with the id) {@code nameOrId}. A name several visible networks have resolves to the one
     * the project owns, if exactly one; otherwise it is {@link AmbiguousNetworkException}.
     *
     * @throws OpenStackException when Neutron cannot be asked
     */
    public Optional<Network> find(String nameOrId) {
        List<Network> named = new ArrayList<>();
        for (JsonNode n : openstack.rest().get("network", "/v2.0/networks?name=" + enc(nameOrId)).path("networks")) {
            named.add(network(n));
        }
        if (named.size() == 1) {
            return Optional.of(named.get(0));
        }
        if (named.size() > 1) {
            List<Network> own = named.stream().filter(Network::ownedByProject).toList();
            if (own.size() == 1) {
                return Optional.of(own.get(0));
            }
            throw new AmbiguousNetworkException("Neutron has " + named.size() + " networks named '" + nameOrId + "' ("
                    + named.stream().map(Network::id).toList() + "); map the port group to one of them by id");
        }
        for (JsonNode n : openstack.rest().get("network", "/v2.0/networks?id=" + enc(nameOrId)).path("networks")) {
            return Optional.of(network(n));
        }
        return Optional.empty();
    }

    private Network network(JsonNode n) {
        List<String> subnets = new ArrayList<>();
        n.path("subnets").forEach(s -> subnets.add(s.asText()));
        String project = n.path("project_id").asText(n.path("tenant_id").asText());
        return new Network(n.get("id").asText(), n.path("name").asText(), n.path("shared").asBoolean(),
                project.equals(openstack.projectId()), subnets);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A mapping names a network by a name several visible networks have. */
    public static class AmbiguousNetworkException extends RuntimeException {

        public AmbiguousNetworkException(String message) {
            super(message);
        }
    }
}
