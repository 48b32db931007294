package io.traverse.openstack;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * How Traverse marks what it creates on the target, so that it finds it again (idempotency) and cleans up only its
 * own resources, never by name alone.
 * <ul>
 *   <li>Neutron resources (ports, ...): tags {@code traverse}, {@code traverse-migration-id=<uuid>},
 *       {@code traverse-source-vm-id=<vm-42>} (Neutron tags are plain strings of at most 60 characters), and a
 *       {@link #description} naming both.</li>
 *   <li>Nova servers, Cinder volumes, Glance images: metadata/properties {@code traverse-migration-id} and
 *       {@code traverse-source-vm-id} ({@link #metadata}).</li>
 *   <li>Nova flavors Traverse created: extra spec {@link #FLAVOR_EXTRA_SPEC} = {@code true} (flavors carry no tags).</li>
 * </ul>
 * Find a migration's Neutron resources with the query {@code ?tags=} + {@link #migrationTag(UUID)}.
 */
public final class TraverseTags {

    /** Tag on every Neutron resource Traverse created. */
    public static final String MANAGED = "traverse";
    /** Metadata key / tag prefix: the migration the resource was created for. */
    public static final String MIGRATION_ID = "traverse-migration-id";
    /** Metadata key / tag prefix: the source VM's managed object id, e.g. {@code vm-42}. */
    public static final String SOURCE_VM_ID = "traverse-source-vm-id";
    /** Metadata key that marks a resource as protected ({@code true}): see {@link ProtectedResources}. */
    public static final String PROTECTED = "traverse-protected";
    /** Extra spec on flavors Traverse created. */
    public static final String FLAVOR_EXTRA_SPEC = "traverse:auto-created";

    private TraverseTags() {
    }

    /** {@code traverse-migration-id=<uuid>}, the tag to look a migration's Neutron resources up by. */
    public static String migrationTag(UUID migrationId) {
        return MIGRATION_ID + "=" + migrationId;
    }

    /** {@code traverse-source-vm-id=<vmId>}. */
    public static String sourceVmTag(String sourceVmId) {
        return SOURCE_VM_ID + "=" + sourceVmId;
    }

    /** The Neutron tags of a resource created for this migration of this source VM. */
    public static List<String> neutronTags(UUID migrationId, String sourceVmId) {
        return List.of(MANAGED, migrationTag(migrationId), sourceVmTag(sourceVmId));
    }

    /** Nova/Cinder/Glance metadata of a resource created for this migration of this source VM. */
    public static Map<String, String> metadata(UUID migrationId, String sourceVmId) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MIGRATION_ID, migrationId.toString());
        m.put(SOURCE_VM_ID, sourceVmId);
        return m;
    }

    /** Human-readable description for resources that have one. */
    public static String description(UUID migrationId, String sourceVmId) {
        return "Created by Traverse for migration " + migrationId + " of source VM " + sourceVmId;
    }

    /** The migration id in a Neutron tag list, if Traverse created the resource. */
    public static Optional<UUID> migrationIdOfTags(Collection<String> tags) {
        if (tags == null || !tags.contains(MANAGED)) {
            return Optional.empty();
        }
        return tags.stream().filter(t -> t.startsWith(MIGRATION_ID + "=")).findFirst()
                .flatMap(t -> parse(t.substring(MIGRATION_ID.length() + 1)));
    }

    /** The migration id in Nova/Cinder/Glance metadata, if Traverse created the resource. */
    public static Optional<UUID> migrationIdOfMetadata(Map<String, ?> metadata) {
        if (metadata == null || metadata.get(MIGRATION_ID) == null) {
            return Optional.empty();
        }
        return parse(String.valueOf(metadata.get(MIGRATION_ID)));
    }

    /** True when the tags say Traverse created the resource for exactly this migration. */
    public static boolean ownedBy(Collection<String> tags, UUID migrationId) {
        return migrationIdOfTags(tags).filter(migrationId::equals).isPresent();
    }

    private static Optional<UUID> parse(String s) {
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
