package io.traverse.migration.engine;

import io.traverse.events.DiskSyncRequested;
import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;

/** Our own round request coming back from Kafka: it was recorded when we sent it. */
public final class DiskSyncRequestedHandler implements PhaseHandler {

    @Override
    public EventType handles() {
        return EventType.DISK_SYNC_REQUESTED;
    }

    @Override
    public Outcome handle(MigrationRecord m, EventEnvelope event, EngineContext ctx) {
        DiskSyncRequested r = (DiskSyncRequested) event.data();
        return Outcome.note("round " + r.round() + (r.cutover() ? " (cutover)" : "") + " requested");
    }
}
