package io.traverse.migration.service;

import io.traverse.events.MigrationMode;
import io.traverse.migration.MigrationState;
import io.traverse.migration.engine.CutoverPolicy;
import io.traverse.migration.engine.MigrationRecord;
import io.traverse.migration.engine.TimelineStore;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One VM's migration as the API shows it. {@code phaseDetail} is the line the dashboard prints under the VM
 * ("Pre-copying disks… round 3", "Launching on OpenStack…", "Migrated ✓"); {@code timeline} is only filled on
 * {@code GET /api/migrations/{id}}.
 */
public record MigrationView(UUID id, UUID planId, Integer wave, UUID jobId, String vmId, String vmName,
                            MigrationMode mode, MigrationState state, String phaseDetail, String failure,
                            Source source, Target target, Sync sync, Cutover cutover, Retry retry,
                            String requestedBy, Instant createdAt, Instant admittedAt, Instant updatedAt,
                            Instant finishedAt, long version, List<TimelineStore.Entry> timeline) {

    /** The source VM's specs as discovery reported them (null until then). */
    public record Source(Integer vcpus, Long memoryMb, Long diskBytes) {
    }

    /** The target: flavor (from sizing), instance and addresses (from launch). */
    public record Target(String flavor, String instanceName, List<String> ipAddresses) {
    }

    /** Sync rounds: the current one and the measurements of the last pre-copy. */
    public record Sync(int round, boolean inFlight, boolean cutoverRound, Long bytesTransferred, Long bytesTotal,
                       Long lastRoundBytes, Double lastRoundSeconds, Double throughputBytesPerSecond,
                       Double dirtyRateBytesPerSecond) {
    }

    /** The cutover: policy, schedule, whether requested, the latest decision and prediction. */
    public record Cutover(CutoverPolicy policy, Instant scheduledAt, boolean requested, String reason,
                          Double predictedDowntimeSeconds) {
    }

    /** Automatic retries used and the next thing the orchestrator will do. */
    public record Retry(int attempts, int maxAttempts, String nextAction, Instant nextActionAt) {
    }

    public static MigrationView of(MigrationRecord m, List<TimelineStore.Entry> timeline) {
        var s = m.settings();
        return new MigrationView(m.id(), m.planId(), m.wave(), m.jobId(), m.vmId(), m.vmName(), s.mode(), m.state(),
                m.phaseDetail(), m.failure(),
                new Source(m.vcpus(), m.memoryMb(), m.diskBytes()),
                new Target(m.flavorName(), m.instanceName(), m.ipAddresses() == null || m.ipAddresses().isBlank()
                        ? List.of() : Arrays.asList(m.ipAddresses().split(","))),
                new Sync(m.round(), m.roundInFlight(), m.roundIsCutover(), m.bytesTransferred(), m.bytesTotal(),
                        m.lastRoundBytes(), m.lastRoundSeconds(), m.throughputBps(), m.dirtyRateBps()),
                new Cutover(s.mode() == MigrationMode.COLD ? null : s.cutoverPolicy(), s.cutoverAt(),
                        m.cutoverRequested(), m.cutoverReason(), m.predictedDowntimeSeconds()),
                new Retry(m.attempts(), s.maxAttempts(), m.nextAction() == null ? null : m.nextAction().name(),
                        m.nextActionAt()),
                s.requestedBy(), m.createdAt(), m.admittedAt(), m.updatedAt(), m.finishedAt(), m.version(), timeline);
    }
}
