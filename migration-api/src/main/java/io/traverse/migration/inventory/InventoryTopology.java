package io.traverse.migration.inventory;

import java.util.Set;

/** The names mappings are written against: clusters, datastores and port groups (networks) of the source. */
public record InventoryTopology(Set<String> clusters, Set<String> datastores, Set<String> networks) {
}
