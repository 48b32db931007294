package io.traverse.migration.engine;

import io.traverse.events.EventType;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The itinerary: one handler per event type, checked complete at class load. */
public final class Handlers {

    private static final List<PhaseHandler> ALL = List.of(new MigrationRequestedHandler(), new VmDiscoveredHandler(),
            new VmSizedHandler(), new VmMappedHandler(), new DiskSyncRequestedHandler(), new DiskProgressHandler(),
            new DiskSyncedHandler(), new VmConvertedHandler(), new InstanceActiveHandler(),
            new MigrationFailedHandler(), new MigrationCancelledHandler());

    static {
        Set<EventType> covered = ALL.stream().map(PhaseHandler::handles).collect(Collectors.toSet());
        Set<EventType> missing = EnumSet.allOf(EventType.class);
        missing.removeAll(covered);
        missing.remove(EventType.INVENTORY_CHANGED); // not about one migration
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no phase handler for " + missing);
        }
    }

    private Handlers() {
    }

    public static List<PhaseHandler> all() {
        return ALL;
    }

    public static PhaseHandler of(EventType type) {
        return ALL.stream().filter(h -> h.handles() == type).findFirst().orElseThrow();
    }
}
