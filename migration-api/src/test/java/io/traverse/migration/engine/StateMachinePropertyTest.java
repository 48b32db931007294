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
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

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
 * Property tests of the state machine, generated from a seeded {@link Random} (the seed is in every failure message,
 * so a failing sequence can be replayed): phase events of every type (late, repeated, out of order, of any round),
 * operator commands and the clock, interleaved at random. No sequence makes a handler ask for an illegal transition,
 * every transition taken is one {@link MigrationState} allows, and a settled migration moves only by an operator's
 * retry, skip or rollback.
 */
class StateMachinePropertyTest {

    private static final long BASE_SEED = 0x7ea7e15eL;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    sealed interface Step permits EventStep, CommandStep, TimeStep {
    }

    record EventStep(MigrationEvent event) implements Step {
    }

    record CommandStep(String name) implements Step {
    }

    record TimeStep(int seconds) implements Step {
    }

    @RepeatedTest(600)
    void noSequenceOfEventsAndCommandsLeadsToAnIllegalState(RepetitionInfo info) {
        long seed = BASE_SEED + info.getCurrentRepetition();
        Random random = new Random(seed);
        MigrationMode mode = MigrationMode.values()[random.nextInt(2)];
        CutoverPolicy policy = CutoverPolicy.values()[random.nextInt(CutoverPolicy.values().length)];
        List<Step> steps = steps(random, random.nextInt(41));
        MigrationRecord m = newRecord(mode, policy);
        Instant now = T0;
        for (Step step : steps) {
            String where = "seed " + seed + ", " + mode + "/" + policy + ", step " + step + " of " + steps;
            MigrationState before = m.state();
            EngineContext ctx = EngineContext.defaults(now);
            MigrationRecord next = m.copy();
            boolean operator = false;
            switch (step) {
                case EventStep e -> Handlers.of(e.event().eventType()).handle(next, envelope(m, e.event(), now), ctx);
                case CommandStep c -> {
                    operator = List.of("retry", "rollback", "skip").contains(c.name());
                    try {
                        command(c.name(), next, ctx);
                    } catch (CommandRejectedException rejected) {
                        next = m; // a rejected command changes nothing
                    }
                }
                case TimeStep t -> {
                    now = now.plusSeconds(t.seconds());
                    Commands.runDueAction(next, EngineContext.defaults(now));
                }
            }
            if (before != next.state()) {
                assertTrue(before.canMoveTo(next.state()), before + " → " + next.state() + "; " + where);
                assertTrue(!before.isSettled() || operator, "settled " + before + " moved by itself; " + where);
            }
            assertTrue(next.round() >= 0, where);
            assertTrue(!next.state().isSettled() || next.nextAction() == null, "a settled migration has nothing due; " + where);
            m = next;
        }
    }

    @RepeatedTest(300)
    void theEventsOfAColdMigrationInAnyOrderAndWithALateCopyEndInMigrated(RepetitionInfo info) {
        Random random = new Random(BASE_SEED * 31 + info.getCurrentRepetition());
        SampleEvents sample = SampleEvents.forNewMigration();
        List<MigrationEvent> events = new ArrayList<>(List.of(sample.vmDiscovered().data(), sample.vmSized().data(),
                sample.vmMapped().data(), sample.diskSynced(1, true).data(), sample.vmConverted().data(),
                new InstanceActive("i-1", "migrated-x", "m1.tiny", null, List.of("10.0.0.5"), List.of("p-1"))));
        events.add(events.get(random.nextInt(events.size())));
        Collections.shuffle(events, random);
        MigrationRecord m = newRecord(MigrationMode.COLD, CutoverPolicy.NOW);
        Commands.admit(m, EngineContext.defaults(T0));
        for (MigrationEvent e : events) {
            Handlers.of(e.eventType()).handle(m, envelope(m, e, T0), EngineContext.defaults(T0));
        }
        assertEquals(MigrationState.MIGRATED, m.state(), "order " + events.stream().map(MigrationEvent::eventType).toList());
    }

    private static EventEnvelope envelope(MigrationRecord m, MigrationEvent e, Instant at) {
        return new EventEnvelope(UUID.randomUUID(), e.eventType().type(), "test", at, m.id(), 1, e);
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
        var settings = new MigrationRecord.Settings(mode, Duration.ofMinutes(5), policy, T0.plusSeconds(600), null,
                Duration.ofMinutes(5), null, 3, null, null, "test", null);
        return new MigrationRecord(UUID.randomUUID(), UUID.randomUUID(), 1, UUID.randomUUID(), "vm-42", "DC0_C0_RP0_VM0",
                settings, T0);
    }

    private static List<Step> steps(Random r, int count) {
        SampleEvents s = SampleEvents.forNewMigration();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int kind = r.nextInt(10);
            if (kind < 6) {
                int round = 1 + r.nextInt(5);
                boolean flag = r.nextBoolean();
                steps.add(new EventStep(switch (r.nextInt(11)) {
                    case 0 -> s.migrationRequested().data();
                    case 1 -> s.vmDiscovered().data();
                    case 2 -> s.vmSized().data();
                    case 3 -> s.vmMapped().data();
                    case 4 -> s.diskSynced(round, flag).data();
                    case 5 -> new DiskSyncRequested(round, flag, true);
                    case 6 -> new DiskProgress(204, round, 10, 100, 5, null);
                    case 7 -> s.vmConverted().data();
                    case 8 -> new InstanceActive("i-1", "migrated-x", "m1.tiny", null, List.of(), List.of());
                    case 9 -> new MigrationFailed(Phase.values()[r.nextInt(Phase.values().length)], "boom", flag);
                    default -> new MigrationCancelled("why", "op");
                }));
            } else if (kind < 8) {
                steps.add(new CommandStep(List.of("admit", "admit", "cutover", "cancel", "skip", "retry", "rollback")
                        .get(r.nextInt(7))));
            } else {
                steps.add(new TimeStep(1 + r.nextInt(900)));
            }
        }
        return steps;
    }
}
