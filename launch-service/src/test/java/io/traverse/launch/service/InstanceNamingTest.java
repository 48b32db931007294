package io.traverse.launch.service;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstanceNamingTest {

    private static final UUID ID = UUID.fromString("0b6f3c52-9a1e-4d7b-8c2f-5e4a1d9b7c30");

    @Test
    void shouldNameMigratedVmsLikeTheMigrationMonitorByDefault() {
        assertEquals("migrated-DC0_C0_RP0_VM0", InstanceNaming.name("migrated-{vmName}", "DC0_C0_RP0_VM0", "vm-42", ID));
    }

    @Test
    void shouldFillEveryPlaceholder() {
        assertEquals("erp-app-01-vm-1042-0b6f3c52", InstanceNaming.name("{vmName}-{vmId}-{shortId}", "erp-app-01", "vm-1042", ID));
        assertEquals("m-" + ID, InstanceNaming.name("m-{migrationId}", "x", "vm-1", ID));
    }

    @Test
    void shouldReplaceCharactersNovaHostnamesCannotHaveAndCutTo63() {
        assertEquals("migrated-web-server-01-prod", InstanceNaming.name("migrated-{vmName}", "web server/01 (prod)", "vm-1", ID));
        String longName = InstanceNaming.name("migrated-{vmName}", "a".repeat(100), "vm-1", ID);
        assertEquals(63, longName.length());
        assertTrue(longName.startsWith("migrated-aaa"));
    }

    @Test
    void shouldRefuseAPatternThatGivesNoName() {
        assertThrows(IllegalArgumentException.class, () -> InstanceNaming.name("{vmName}", "///", "vm-1", ID));
    }
}
