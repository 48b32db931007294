package io.traverse.launch.service;

import java.util.UUID;

/**
 * The Nova server name of a migrated VM, from {@code traverse.launch.instance-name-pattern} (default
 * {@code migrated-{vmName}}, the name the Migration Monitor shows). Placeholders {@code {vmName}}, {@code {vmId}},
 * {@code {migrationId}}, {@code {shortId}}; every run of characters outside {@code [A-Za-z0-9._-]} becomes one {@code -} and the
 * result is cut to 63 characters, so the name is also a valid hostname for the guest.
 *
 * <p>The name is for people. Traverse never finds or deletes anything by it: its own servers carry the migration id in
 * their tags and metadata.
 */
public final class InstanceNaming {

    static final int MAX_LENGTH = 63;

    private InstanceNaming() {
    }

    public static String name(String pattern, String vmName, String vmId, UUID migrationId) {
        String id = migrationId.toString();
        String raw = pattern.replace("{vmName}", vmName)
                .replace("{vmId}", vmId)
                .replace("{migrationId}", id)
                .replace("{shortId}", id.substring(0, 8));
        String clean = raw.replaceAll("[^A-Za-z0-9._-]+", "-");
        if (clean.length() > MAX_LENGTH) {
            clean = clean.substring(0, MAX_LENGTH);
        }
        clean = clean.replaceAll("^[-.]+|[-.]+$", "");
        if (clean.isEmpty()) {
            throw new IllegalArgumentException("instance name pattern '" + pattern + "' gives an empty name for VM "
                    + vmName);
        }
        return clean;
    }
}
