package io.traverse.migration.engine;

import io.traverse.events.DiskProgress;
import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;

/** Progress of the current round: only the dashboard's numbers change, never the state. */
public final class DiskProgressHandler implements PhaseHandler {

    @Override
    public EventType handles() {
        return EventType.DISK_PROGRESS;
    }

    @Override
    public Outcome handle(MigrationRecord m, EventEnvelope event, EngineContext ctx) {
        DiskProgress p = (DiskProgress) event.data();
        if (p.round() == m.round && m.roundInFlight) {
            m.bytesTransferred = p.bytesTransferred();
            m.bytesTotal = p.bytesTotal();
        }
        return Outcome.note("disk " + p.diskKey() + " round " + p.round() + ": " + p.bytesTransferred() + " of "
                + p.bytesTotal() + " bytes");
    }
}
