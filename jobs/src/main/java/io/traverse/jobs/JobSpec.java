package io.traverse.jobs;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One job to run.
 *
 * @param name        unique, DNS-1123 label (at most 63 characters), e.g. disk-transfer-0b6f3c52-r2; see {@link #name}
 * @param kind        worker kind; also the value of the {@code app.kubernetes.io/component} label
 * @param migrationId the migration it works for (label {@code traverse.io/migration-id})
 * @param vmId        the source VM (label {@code traverse.io/vm-id})
 * @param args        arguments of the worker's command mode, e.g. ["sync", "--migration", "...", "--round", "2"]
 * @param env         extra environment (no secrets: those come from the configured Secret)
 */
public record JobSpec(String name, String kind, UUID migrationId, String vmId, List<String> args, Map<String, String> env) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public JobSpec {
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException("job name must be a DNS-1123 label of at most 63 characters: " + name);
        }
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }

    /** {@code <kind>-<migration id>-<suffix>}, cut to 63 characters. */
    public static String name(String kind, UUID migrationId, String suffix) {
        String n = (kind + "-" + migrationId + "-" + suffix).toLowerCase().replaceAll("[^a-z0-9-]", "-");
        return n.length() <= 63 ? n : n.substring(0, 63).replaceAll("-+$", "");
    }
}
