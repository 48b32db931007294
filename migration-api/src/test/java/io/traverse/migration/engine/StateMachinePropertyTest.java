package io.traverse.migration.engine;

import io.traverse.events.DiskProgress;
import io.traverse.events.DiskSyncRequested;
import io.traverse.events.EventEnvelope;
import io.traverse.events.InstanceActive;
import io.traverse.events.MigrationCancelled;
import io.traverse.events.MigrationEvent;
import io.traverse.events.MigrationFailed;
import io.traverse.events.MigrationMode;
import io.traverse.events.Phase;
import io.traverse.migration.MigrationState;
import io.traverse.testbed.SampleEvents;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state machine under any sequence: phase events of every type (late, repeated, out of order, of any round),
 * operator commands and due actions, interleaved at random. No sequence makes a handler ask for an illegal
 * transition, every transition taken is one {@link MigrationState} allows, and a settled migration only moves by an
 * operator's retry or rollback.
 */
class StateMachinePropertyTest {

    sealed interface Step permits EventStep, CommandStep, TimeStep {
    }

    record EventStep(MigrationEvent event) implements Step {
    }

    record CommandStep(String name) implements Step {
    }

    record TimeStep(int seconds) implements Step {
    }

    @Property(tries = 600)
    void noSequenceOfEventsAndCommandsLeadsToAnIllegalState(@ForAll("modes") MigrationMode mode,
                                                             @ForAll("policies") CutoverPolicy policy,
                                                             @ForAll("steps") @Size(max = 40) List<Step> steps) {
        MigrationRecord m = newRecord(mode, policy);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        for (Step step : steps) {
            MigrationState before = m.state();
            EngineContext ctx = EngineContext.defaults(now);
            MigrationRecord copy = m.copy();
            boolean operator = false;
            switch (step) {
                case EventStep e -> Handlers.of(e.event().eventType()).handle(copy,
                        new EventEnvelope(UUID.randomUUID(), e.event().eventType().type(), "test", now, m.id(), 1, e.event()), ctx);
                case CommandStep c -> {
                    operator = c.name().equals("retry") || c.name().equals("rollback") || c.name().equals("skip");
                    try {
                        command(c.name(), copy, ctx);
                    } catch (CommandRejectedException rejected) {
                        copy = m; // rejected commands change nothing
                    }
                }
                case TimeStep t -> {
                    now = now.plusSeconds(t.seconds());
                    Commands.runDueAction(copy, EngineContext.defaults(now));
                }
            }
            if (before != copy.state()) {
                assertTrue(before.canMoveTo(copy.state()), before + " → " + copy.state() + " on " + step);
                assertTrue(!before.isSettled() || operator, "settled " + before + " moved without an operator on " + step);
            }
            assertTrue(copy.round() >= 0);
            m = copy;
        }
    }

    @Property(tries = 300)
    void theEventsOfAColdMigrationInAnyOrderAndRepeatedEndInMigrated(@ForAll Random random) {
        SampleEvents sample = SampleEvents.forNewMigration();
        List<MigrationEvent> events = new ArrayList<>(List.of(sample.vmDiscovered().data(), sample.vmSized().data(),
                sample.vmMapped().data(), sample.diskSynced(1, true).data(), sample.vmConverted().data(),
                new InstanceActive("i-1", "migrated-x", "m1.tiny", null, List.of("10.0.0.5"), List.of("p-1"))));
        events.add(events.get(random.nextInt(events.size()))); // a late copy of one of them
        Collections.shuffle(events, random);
        MigrationRecord m = newRecord(MigrationMode.COLD, CutoverPolicy.NOW);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Commands.admit(m, EngineContext.defaults(now));
        for (MigrationEvent e : events) {
            Handlers.of(e.eventType()).handle(m, new EventEnvelope(UUID.randomUUID(), e.eventType().type(), "test", now,
                    m.id(), 1, e), EngineContext.defaults(now));
        }
        assertEquals(MigrationState.MIGRATED, m.state());
    }

    private static void command(String name, MigrationRecord m, EngineContext ctx) {
        switch (name) {
            case "admit" -> Commands.admit(m, ctx);
            case "cutover" -> Commands.cutover(m, "op", ctx);
            case "cancel" -> Commands.cancel(m, null, "op", ctx);
            case "skip" -> Commands.skip(m, "op", ctx);
            case "retry" -> Commands.retry(m, "op", ctx);
            case "rollback" -> Commands.rollback(m, "op", ctx);
            default -> throw new IllegalArgumentException(name);
        }
    }

    private static MigrationRecord newRecord(MigrationMode mode, CutoverPolicy policy) {
        var settings = new MigrationRecord.Settings(mode, Duration.ofMinutes(5), policy,
                Instant.parse("2026-01-01T00:10:00Z"), null, Duration.ofMinutes(5), null, 3, null, null, "test");
        return new MigrationRecord(UUID.randomUUID(), UUID.randomUUID(), 1, UUID.randomUUID(), "vm-42", "DC0_C0_RP0_VM0",
                settings, Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Provide
    Arbitrary<MigrationMode> modes() {
        return Arbitraries.of(MigrationMode.class);
    }

    @Provide
    Arbitrary<CutoverPolicy> policies() {
        return Arbitraries.of(CutoverPolicy.class);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        SampleEvents s = SampleEvents.forNewMigration();
        Arbitrary<Integer> round = Arbitraries.integers().between(1, 5);
        Arbitrary<Step> event = Arbitraries.oneOf(
                Arbitraries.just(new EventStep(s.migrationRequested().data())),
                Arbitraries.just(new EventStep(s.vmDiscovered().data())),
                Arbitraries.just(new EventStep(s.vmSized().data())),
                Arbitraries.just(new EventStep(s.vmMapped().data())),
                Combinators.combine(round, Arbitraries.of(true, false))
                        .as((r, c) -> new EventStep(s.diskSynced(r, c).data())),
                Combinators.combine(round, Arbitraries.of(true, false))
                        .as((r, c) -> new EventStep(new DiskSyncRequested(r, c, true))),
                round.map(r -> new EventStep(new DiskProgress(204, r, 10, 100, 5, null))),
                Arbitraries.just(new EventStep(s.vmConverted().data())),
                Arbitraries.just(new EventStep(new InstanceActive("i-1", "migrated-x", "m1.tiny", null, List.of(), List.of()))),
                Combinators.combine(Arbitraries.of(Phase.class), Arbitraries.of(true, false))
                        .as((p, r) -> new EventStep(new MigrationFailed(p, "boom", r))),
                Arbitraries.just(new EventStep(new MigrationCancelled("why", "op"))));
        Arbitrary<Step> command = Arbitraries.of("admit", "cutover", "cancel", "skip", "retry", "rollback")
                .map(CommandStep::new);
        Arbitrary<Step> time = Arbitraries.integers().between(1, 900).map(TimeStep::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, event), net.jqwik.api.Tuple.of(2, command), net.jqwik.api.Tuple.of(2, time))
                .list().ofMaxSize(40);
    }
}
