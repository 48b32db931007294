package io.traverse.migration.plan;

import io.traverse.events.MigrationMode;
import io.traverse.migration.engine.CutoverPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A migration plan: which VMs, how, in which waves. */
public record Plan(UUID id, String name, String description, UUID mappingId, MigrationMode mode,
                   Duration precopyInterval, Cutover cutover, Concurrency concurrency, int maxAttempts,
                   Duration stepDelay, OnFailure onFailure, WaveStrategy waveStrategy, boolean preserveMac,
                   boolean preserveIp, List<PlanVm> vms, List<Wave> waves, String createdBy, Instant createdAt,
                   Instant updatedAt) {

    /** What happens to the rest of the plan when a VM fails for good. */
    public enum OnFailure {
        /** Skip-and-continue: the failed VM waits for an operator, the others go on. */
        CONTINUE,
        /** Stop admitting further VMs of the plan until the failure is dealt with (retried, skipped, rolled back). */
        HALT
    }

    /** Where wave numbers come from. */
    public enum WaveStrategy {
        /** As given per VM (default 1). */
        MANUAL,
        /** From {@code dependsOn}: a VM lands in the wave after the last of its dependencies. */
        DEPENDENCIES
    }

    /**
     * When warm migrations cut over.
     *
     * @param policy         NOW, SCHEDULED, MANUAL (default) or AUTO
     * @param at             SCHEDULED: the plan's cutover time (a VM's own time wins)
     * @param window         AUTO: daily UTC window, e.g. {@code 22:00-04:00}; absent means any time
     * @param downtimeTarget AUTO: cut over only when the predicted downtime is at most this (default PT5M)
     */
    public record Cutover(CutoverPolicy policy, Instant at,
                          @Pattern(regexp = "\\d{2}:\\d{2}-\\d{2}:\\d{2}", message = "must be HH:mm-HH:mm (UTC)") String window,
                          Duration downtimeTarget) {
    }

    /** Admission limits of this plan: in flight at once in the whole plan, and per wave. */
    public record Concurrency(@Positive Integer total, @Positive Integer perWave) {
    }

    /** One VM of the plan with its overrides. */
    public record PlanVm(@NotBlank @Pattern(regexp = "vm-\\d+", message = "must be a vCenter VM id such as vm-42") String vmId,
                         @NotBlank String vmName,
                         @Positive Integer wave,
                         String flavorOverride,
                         List<@Pattern(regexp = "([0-9a-f]{2}:){5}[0-9a-f]{2}", message = "must be a lower-case MAC address") String> dropNics,
                         Instant cutoverAt,
                         List<@NotBlank String> dependsOn) {

        public PlanVm {
            dropNics = dropNics == null ? List.of() : List.copyOf(dropNics);
            dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        }

        PlanVm inWave(int number) {
            return new PlanVm(vmId, vmName, number, flavorOverride, dropNics, cutoverAt, dependsOn);
        }
    }

    /** A wave and its VMs' names, in plan order. */
    public record Wave(int number, List<String> vms) {
    }

    /**
     * What a client sends to create or replace a plan. {@code preserveMac} (default true): each target port gets the
     * source NIC's MAC; false lets Neutron choose, for re-addressing into a new subnet. {@code preserveIp} (default
     * false): each port gets the guest's reported IP when the mapped subnet contains it.
     */
    public record Body(@NotBlank @Size(max = 120) String name,
                       @Size(max = 2000) String description,
                       UUID mappingId,
                       @NotNull MigrationMode mode,
                       Duration precopyInterval,
                       @Valid Cutover cutover,
                       @Valid Concurrency concurrency,
                       @Positive @Max(10) Integer maxAttempts,
                       Duration stepDelay,
                       OnFailure onFailure,
                       WaveStrategy waveStrategy,
                       Boolean preserveMac,
                       Boolean preserveIp,
                       @Size(max = 10000) List<@Valid @NotNull PlanVm> vms) {

        public Body {
            vms = vms == null ? List.of() : List.copyOf(vms);
        }
    }
}
