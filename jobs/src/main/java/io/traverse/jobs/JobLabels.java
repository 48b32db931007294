package io.traverse.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The one place Job labels are spelled: every Traverse Job carries these, and the watch selects on them. */
public final class JobLabels {

    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MIGRATION_ID = "traverse.io/migration-id";
    public static final String VM_ID = "traverse.io/vm-id";

    public static final String TRAVERSE = "traverse";

    private JobLabels() {
    }

    public static Map<String, String> of(String kind, UUID migrationId, String vmId) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PART_OF, TRAVERSE);
        m.put(COMPONENT, kind);
        m.put(MANAGED_BY, kind + "-dispatcher");
        m.put(MIGRATION_ID, migrationId.toString());
        m.put(VM_ID, vmId);
        return m;
    }

    /** The labels that select every Job of one worker kind. */
    public static Map<String, String> selector(String kind) {
        return Map.of(PART_OF, TRAVERSE, COMPONENT, kind);
    }
}
