package io.traverse.launch.service;

import java.util.Optional;

/**
 * Decides whether one more launch may start. Pure: the caller gathers the numbers (Traverse's instances on the
 * target, launches in flight, the project's compute quota) and gets one of three answers. Waiting is the normal answer
 * of a full target: the launch stays queued and starts when capacity frees up. Only a need that the project's quota
 * could never meet, even empty, is a failure.
 */
public final class CapacityGuard {

    private CapacityGuard() {
    }

    /** What the project may still use: Nova's absolute limits ({@code -1} = unlimited). */
    public record Quota(int maxInstances, int usedInstances, int maxCores, int usedCores, int maxRamMb, int usedRamMb) {
    }

    /** The guard's answer. */
    public sealed interface Decision permits Admit, Wait, Never {
        String reason();
    }

    public record Admit(String reason) implements Decision {
    }

    public record Wait(String reason) implements Decision {
    }

    public record Never(String reason) implements Decision {
    }

    /**
     * @param maxInstances Traverse instances allowed on the target at once
     * @param maxInFlight  launches allowed between create and ACTIVE at once
     * @param instances    Traverse instances on the target now, plus launches admitted but not created yet
     * @param inFlight     launches in progress now (admitted in this round included)
     * @param quota        the project's quota minus what launches admitted in this round will take; empty when not
     *                     checked
     * @param vcpus        what the flavor needs
     * @param ramMb        what the flavor needs
     */
    public static Decision decide(int maxInstances, int maxInFlight, int instances, int inFlight, Optional<Quota> quota,
                                  int vcpus, int ramMb) {
        if (quota.isPresent()) {
            Quota q = quota.get();
            if (exceeds(q.maxCores(), vcpus) || exceeds(q.maxRamMb(), ramMb) || exceeds(q.maxInstances(), 1)) {
                return new Never("the project's quota can never hold this flavor (" + vcpus + " vCPU, " + ramMb
                        + " MiB; quota " + limit(q.maxCores()) + " cores, " + limit(q.maxRamMb()) + " MiB RAM, "
                        + limit(q.maxInstances()) + " instances)");
            }
        }
        if (instances >= maxInstances) {
            return new Wait(instances + " of " + maxInstances + " Traverse instances already on the target");
        }
        if (inFlight >= maxInFlight) {
            return new Wait(inFlight + " of " + maxInFlight + " launches already in progress");
        }
        if (quota.isPresent()) {
            Quota q = quota.get();
            if (short_(q.maxInstances(), q.usedInstances(), 1)) {
                return new Wait("instance quota used up (" + q.usedInstances() + " of " + q.maxInstances() + ")");
            }
            if (short_(q.maxCores(), q.usedCores(), vcpus)) {
                return new Wait("core quota short: " + vcpus + " needed, " + (q.maxCores() - q.usedCores())
                        + " of " + q.maxCores() + " free");
            }
            if (short_(q.maxRamMb(), q.usedRamMb(), ramMb)) {
                return new Wait("RAM quota short: " + ramMb + " MiB needed, " + (q.maxRamMb() - q.usedRamMb())
                        + " of " + q.maxRamMb() + " MiB free");
            }
        }
        return new Admit("capacity: " + (instances + 1) + " of " + maxInstances + " Traverse instances");
    }

    private static boolean exceeds(int max, int need) {
        return max >= 0 && need > max;
    }

    private static boolean short_(int max, int used, int need) {
        return max >= 0 && used + need > max;
    }

    private static String limit(int max) {
        return max < 0 ? "unlimited" : Integer.toString(max);
    }
}
