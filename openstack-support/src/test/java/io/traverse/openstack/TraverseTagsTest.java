package io.traverse.openstack;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraverseTagsTest {

    private final UUID id = UUID.fromString("0b6f3c52-9a1e-4d7b-8c2f-5e4a1d9b7c30");

    @Test
    void neutronTagsFitNeutronsSixtyCharacterLimitAndRoundTrip() {
        List<String> tags = TraverseTags.neutronTags(id, "vm-1234567890");
        assertEquals(List.of("traverse", "traverse-migration-id=" + id, "traverse-source-vm-id=vm-1234567890"), tags);
        tags.forEach(t -> assertTrue(t.length() <= 60, t));
        assertEquals(Optional.of(id), TraverseTags.migrationIdOfTags(tags));
        assertTrue(TraverseTags.ownedBy(tags, id));
        assertFalse(TraverseTags.ownedBy(tags, UUID.randomUUID()));
    }

    @Test
    void aMigrationTagWithoutTheManagedTagIsNotOurs() {
        assertTrue(TraverseTags.migrationIdOfTags(List.of(TraverseTags.migrationTag(id))).isEmpty());
        assertTrue(TraverseTags.migrationIdOfTags(List.of("traverse", "traverse-migration-id=not-a-uuid")).isEmpty());
        assertTrue(TraverseTags.migrationIdOfTags(null).isEmpty());
    }

    @Test
    void metadataRoundTrip() {
        Map<String, String> md = TraverseTags.metadata(id, "vm-42");
        assertEquals(Map.of("traverse-migration-id", id.toString(), "traverse-source-vm-id", "vm-42"), md);
        assertEquals(Optional.of(id), TraverseTags.migrationIdOfMetadata(md));
        assertTrue(TraverseTags.migrationIdOfMetadata(Map.of("owner", "ffp")).isEmpty());
        assertTrue(TraverseTags.description(id, "vm-42").contains(id.toString()));
    }
}
