package io.traverse.openstack;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtectedResourcesTest {

    @Test
    void defaultPatternProtectsTheVdiDesktopsAndNothingElse() {
        ProtectedResources guard = new ProtectedResources(TestConfigs.of(Map.of()));
        assertEquals(List.of("ffp-vdi-*"), guard.patterns());
        assertTrue(guard.isProtected("ffp-vdi-01"));
        assertTrue(guard.isProtected("ffp-vdi-"));
        assertFalse(guard.isProtected("traverse-erp-app-01"));
        assertFalse(guard.isProtected("xffp-vdi-01"));
        assertFalse(guard.isProtected("FFP-VDI-01"), "case-sensitive, as Nova names are");
        assertFalse(guard.isProtected(null));
    }

    @Test
    void metadataMarkProtectsWhateverTheName() {
        ProtectedResources guard = new ProtectedResources(List.of("ffp-vdi-*"));
        assertTrue(guard.isProtected("ffp-shared-data", Map.of("traverse-protected", "true")));
        assertFalse(guard.isProtected("ffp-shared-data", Map.of("owner", "ffp")));
        var e = assertThrows(ProtectedResourceException.class, () -> guard.checkModifiable("volume", "v1",
                "ffp-shared-data", Map.of("traverse-protected", "true")));
        assertTrue(e.getMessage().contains("ffp-shared-data"));
    }

    @Test
    void patternsAreConfigurableGlobsWithRegexCharactersTakenLiterally() {
        ProtectedResources guard = new ProtectedResources(
                TestConfigs.of(Map.of("traverse.openstack.protected-name-patterns", "ffp-vdi-*,db?.prod,a+b")));
        assertTrue(guard.isProtected("db1.prod"));
        assertFalse(guard.isProtected("db12.prod"));
        assertFalse(guard.isProtected("dbX-prod"), "'.' is literal");
        assertTrue(guard.isProtected("a+b"));
        assertFalse(guard.isProtected("aab"));
        assertThrows(ProtectedResourceException.class, () -> guard.checkModifiable("port", "p1", "ffp-vdi-02"));
    }
}
