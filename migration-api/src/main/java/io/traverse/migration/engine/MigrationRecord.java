package io.traverse.migration.engine;

import io.traverse.events.MigrationMode;
import io.traverse.events.Phase;
import io.traverse.events.VmConverted;
import io.traverse.migration.MigrationState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One VM's migration as the orchestrator works on it: the row of table {@code migration}. Phase handlers change it
 * through its methods; every state change goes through {@link #moveTo}, which asks {@link MigrationState#check}.
 * Not thread-safe: the engine loads it under a row lock, hands it to one handler, and writes it back.
 */
public final class MigrationRecord {

    /**
     * What the plan (or the VM's overrides) decided for this migration; fixed when it starts. {@code mappingId} is
     * the plan's infrastructure mapping at the start (null for a VM started on its own), sent in
     * {@code migration.requested} so the phases need not read the plan; so are {@code preserveMac} and
     * {@code preserveIp} (the plan's addressing choices; null: network-mapper's defaults).
     */
    public record Settings(MigrationMode mode, Duration precopyInterval, CutoverPolicy cutoverPolicy,
                           Instant cutoverAt, CutoverWindow cutoverWindow, Duration downtimeTarget,
                           Duration stepDelay, int maxAttempts, String flavorOverride, List<String> dropNics,
                           String requestedBy, UUID mappingId, Boolean preserveMac, Boolean preserveIp) {

        public Settings {
            dropNics = dropNics == null ? List.of() : List.copyOf(dropNics);
            precopyInterval = precopyInterval == null ? Duration.ofHours(1) : precopyInterval;
            cutoverPolicy = cutoverPolicy == null ? CutoverPolicy.MANUAL : cutoverPolicy;
            stepDelay = stepDelay == null ? Duration.ZERO : stepDelay;
        }

        /** Settings that leave MAC and IP preservation to network-mapper's defaults. */
        public Settings(MigrationMode mode, Duration precopyInterval, CutoverPolicy cutoverPolicy, Instant cutoverAt,
                        CutoverWindow cutoverWindow, Duration downtimeTarget, Duration stepDelay, int maxAttempts,
                        String flavorOverride, List<String> dropNics, String requestedBy, UUID mappingId) {
            this(mode, precopyInterval, cutoverPolicy, cutoverAt, cutoverWindow, downtimeTarget, stepDelay, maxAttempts,
                    flavorOverride, dropNics, requestedBy, mappingId, null, null);
        }

        public static Settings cold(String requestedBy) {
            return new Settings(MigrationMode.COLD, null, CutoverPolicy.NOW, null, null, null, null, 3, null, null,
                    requestedBy, null);
        }
    }

    // identity
    final UUID id;
    final UUID planId;
    final Integer wave;
    final UUID jobId;
    final String vmId;
    final String vmName;
    final Settings settings;
    final Instant createdAt;

    // state
    MigrationState state;
    String phaseDetail;
    long version;

    // sync rounds
    int round;
    boolean roundInFlight;
    boolean roundIsCutover;
    Instant roundStartedAt;
    Instant previousRoundStartedAt;
    Long lastRoundBytes;
    Double lastRoundSeconds;
    boolean cutoverRequested;
    String cutoverReason;
    Double dirtyRateBps;
    Double throughputBps;
    Double predictedDowntimeSeconds;

    // scheduling and failures
    NextAction nextAction;
    Instant nextActionAt;
    int attempts;
    String failure;
    Phase failurePhase;
    Boolean failureRetryable;
    /** The latest vm.converted: a retry of the launch sends it again (the disks are synced and converted). */
    VmConverted launchRequest;

    // what the phases told us, for the dashboard
    Integer vcpus;
    Long memoryMb;
    Long diskBytes;
    String flavorName;
    String instanceName;
    String ipAddresses;
    Long bytesTransferred;
    Long bytesTotal;

    Instant admittedAt;
    Instant finishedAt;
    Instant updatedAt;

    public MigrationRecord(UUID id, UUID planId, Integer wave, UUID jobId, String vmId, String vmName,
                           Settings settings, Instant createdAt) {
        this.id = id;
        this.planId = planId;
        this.wave = wave;
        this.jobId = jobId;
        this.vmId = vmId;
        this.vmName = vmName;
        this.settings = settings;
        this.createdAt = createdAt;
        this.state = MigrationState.QUEUED;
        this.updatedAt = createdAt;
    }

    /** A field-by-field copy: handlers work on a copy, so a rejected change leaves the loaded record as it was. */
    public MigrationRecord copy() {
        MigrationRecord c = new MigrationRecord(id, planId, wave, jobId, vmId, vmName, settings, createdAt);
        c.state = state;
        c.phaseDetail = phaseDetail;
        c.version = version;
        c.round = round;
        c.roundInFlight = roundInFlight;
        c.roundIsCutover = roundIsCutover;
        c.roundStartedAt = roundStartedAt;
        c.previousRoundStartedAt = previousRoundStartedAt;
        c.lastRoundBytes = lastRoundBytes;
        c.lastRoundSeconds = lastRoundSeconds;
        c.cutoverRequested = cutoverRequested;
        c.cutoverReason = cutoverReason;
        c.dirtyRateBps = dirtyRateBps;
        c.throughputBps = throughputBps;
        c.predictedDowntimeSeconds = predictedDowntimeSeconds;
        c.nextAction = nextAction;
        c.nextActionAt = nextActionAt;
        c.attempts = attempts;
        c.failure = failure;
        c.failurePhase = failurePhase;
        c.failureRetryable = failureRetryable;
        c.launchRequest = launchRequest;
        c.vcpus = vcpus;
        c.memoryMb = memoryMb;
        c.diskBytes = diskBytes;
        c.flavorName = flavorName;
        c.instanceName = instanceName;
        c.ipAddresses = ipAddresses;
        c.bytesTransferred = bytesTransferred;
        c.bytesTotal = bytesTotal;
        c.admittedAt = admittedAt;
        c.finishedAt = finishedAt;
        c.updatedAt = updatedAt;
        return c;
    }

    /** The one way to change the state; rejected moves throw and change nothing. */
    public void moveTo(MigrationState next, String detail, Instant at) {
        state.check(next);
        state = next;
        phaseDetail = detail;
        if (next.isSettled()) {
            finishedAt = at;
            nextAction = null;
            nextActionAt = null;
            roundInFlight = false;
        }
    }

    /** Moves forward to {@code reached} when the migration is behind it; returns whether it moved. */
    boolean advanceTo(MigrationState reached, String detail, Instant at) {
        if (!state.isBehind(reached)) {
            return false;
        }
        moveTo(reached, detail, at);
        return true;
    }

    void startRound(int number, boolean cutover, Instant at) {
        previousRoundStartedAt = roundStartedAt;
        round = number;
        roundInFlight = true;
        roundIsCutover = cutover;
        roundStartedAt = at;
        bytesTransferred = 0L;
        bytesTotal = null;
    }

    void schedule(NextAction action, Instant at) {
        nextAction = action;
        nextActionAt = at;
    }

    void clearSchedule() {
        nextAction = null;
        nextActionAt = null;
    }

    public UUID id() { return id; }
    public UUID planId() { return planId; }
    public Integer wave() { return wave; }
    public UUID jobId() { return jobId; }
    public String vmId() { return vmId; }
    public String vmName() { return vmName; }
    public Settings settings() { return settings; }
    public Instant createdAt() { return createdAt; }
    public MigrationState state() { return state; }
    public String phaseDetail() { return phaseDetail; }
    public long version() { return version; }
    public int round() { return round; }
    public boolean roundInFlight() { return roundInFlight; }
    public boolean roundIsCutover() { return roundIsCutover; }
    public Instant roundStartedAt() { return roundStartedAt; }
    public Instant previousRoundStartedAt() { return previousRoundStartedAt; }
    public Long lastRoundBytes() { return lastRoundBytes; }
    public Double lastRoundSeconds() { return lastRoundSeconds; }
    public boolean cutoverRequested() { return cutoverRequested; }
    public String cutoverReason() { return cutoverReason; }
    public Double dirtyRateBps() { return dirtyRateBps; }
    public Double throughputBps() { return throughputBps; }
    public Double predictedDowntimeSeconds() { return predictedDowntimeSeconds; }
    public NextAction nextAction() { return nextAction; }
    public Instant nextActionAt() { return nextActionAt; }
    public int attempts() { return attempts; }
    public String failure() { return failure; }
    public Phase failurePhase() { return failurePhase; }
    public Boolean failureRetryable() { return failureRetryable; }
    public VmConverted launchRequest() { return launchRequest; }
    public Integer vcpus() { return vcpus; }
    public Long memoryMb() { return memoryMb; }
    public Long diskBytes() { return diskBytes; }
    public String flavorName() { return flavorName; }
    public String instanceName() { return instanceName; }
    public String ipAddresses() { return ipAddresses; }
    public Long bytesTransferred() { return bytesTransferred; }
    public Long bytesTotal() { return bytesTotal; }
    public Instant admittedAt() { return admittedAt; }
    public Instant finishedAt() { return finishedAt; }
    public Instant updatedAt() { return updatedAt; }
}
