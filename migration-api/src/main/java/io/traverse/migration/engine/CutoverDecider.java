package io.traverse.migration.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides, after a pre-copy round or when a scheduled round is due, whether a warm migration cuts over now.
 *
 * <p>Automatic cutover predicts the downtime: the delta that will have built up by the time the cutover round
 * starts is the dirty rate (bytes the last delta round copied, over the time between the starts of the last two
 * rounds) times the time since the last round started; copying it takes delta / throughput, where the throughput is
 * the last round's bytes over the duration the worker measured for it ({@code disk.synced durationMillis}), plus a
 * fixed overhead for power-off, conversion and boot. The migration cuts over only inside the
 * plan's window and when the prediction is under the plan's downtime target; otherwise the reason says why not.
 */
public final class CutoverDecider {

    /** Go or not, and why, in words for the dashboard. */
    public record Decision(boolean go, String reason) {
    }

    private CutoverDecider() {
    }

    public static Decision decide(MigrationRecord m, EngineContext ctx) {
        MigrationRecord.Settings s = m.settings;
        Instant now = ctx.now();
        if (m.cutoverRequested) {
            return new Decision(true, "cutover requested");
        }
        switch (s.cutoverPolicy()) {
            case NOW:
                return new Decision(true, "cutover policy NOW: cutting over after the first pre-copy round");
            case MANUAL:
                return new Decision(false, "waiting for a manual cutover (POST /api/migrations/" + m.id + "/cutover)");
            case SCHEDULED:
                if (s.cutoverAt() == null) {
                    return new Decision(false, "cutover policy SCHEDULED but no time is set; waiting for a manual cutover");
                }
                return now.isBefore(s.cutoverAt())
                        ? new Decision(false, "cutover scheduled at " + s.cutoverAt())
                        : new Decision(true, "scheduled cutover time " + s.cutoverAt() + " reached");
            case AUTO:
                return auto(m, ctx);
            default:
                throw new IllegalStateException("unknown policy " + s.cutoverPolicy());
        }
    }

    private static Decision auto(MigrationRecord m, EngineContext ctx) {
        MigrationRecord.Settings s = m.settings;
        if (m.dirtyRateBps == null || m.throughputBps == null) {
            return new Decision(false, "automatic cutover needs the dirty rate, measured from the second pre-copy round on");
        }
        if (s.cutoverWindow() != null && !s.cutoverWindow().contains(ctx.now())) {
            return new Decision(false, "outside the cutover window " + s.cutoverWindow() + " UTC");
        }
        Duration target = s.downtimeTarget() == null ? Duration.ofMinutes(5) : s.downtimeTarget();
        double sinceRound = m.roundStartedAt == null ? 0
                : Math.max(0, Duration.between(m.roundStartedAt, ctx.now()).toMillis() / 1000.0);
        double finalDelta = m.dirtyRateBps * sinceRound;
        double predicted = (m.throughputBps <= 0 ? 0 : finalDelta / m.throughputBps) + ctx.cutoverOverhead().toSeconds();
        m.predictedDowntimeSeconds = predicted;
        String measured = m.lastRoundBytes == null || m.lastRoundSeconds == null ? ""
                : String.format(" as the last round moved %s in %.1f s", bytes(m.lastRoundBytes), m.lastRoundSeconds);
        String figures = String.format("predicted downtime %.0f s (final delta %s at %s/s%s, dirty rate %s/s, plus %d s "
                        + "conversion and boot) against a target of %d s", predicted, bytes(finalDelta),
                bytes(m.throughputBps), measured, bytes(m.dirtyRateBps), ctx.cutoverOverhead().toSeconds(),
                target.toSeconds());
        return predicted <= target.toSeconds()
                ? new Decision(true, "automatic cutover: " + figures)
                : new Decision(false, "no automatic cutover yet: " + figures);
    }

    static String bytes(double b) {
        if (b < 1024) {
            return String.format("%.0f B", b);
        }
        if (b < 1024 * 1024) {
            return String.format("%.1f KiB", b / 1024);
        }
        if (b < 1024.0 * 1024 * 1024) {
            return String.format("%.1f MiB", b / 1024 / 1024);
        }
        return String.format("%.1f GiB", b / 1024 / 1024 / 1024);
    }
}
