package io.traverse.migration;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static java.util.Map.entry;

/**
 * Where one VM's migration stands. The pipeline states come in order
 * ({@code QUEUED → DISCOVERING → SIZING → MAPPING → PRECOPYING → CUTTING_OVER → CONVERTING → LAUNCHING → MIGRATED});
 * {@code WAITING_CAPACITY}, {@code FAILED}, {@code CANCELLED} and {@code ROLLED_BACK} sit beside them.
 *
 * <p>This enum is the one place that says which transitions are legal ({@link #check}). Everything that changes a
 * migration's state goes through it, and an illegal move is an {@link IllegalTransitionException}, never a write.
 *
 * <ul>
 *   <li>Pipeline states may move to any <em>later</em> pipeline state (events of different topics arrive in any
 *       order, so a later phase's event may come first), to {@code WAITING_CAPACITY}, {@code FAILED} or
 *       {@code CANCELLED}. {@code PRECOPYING} may stay where it is (one more round).</li>
 *   <li>{@code WAITING_CAPACITY} moves on to {@code LAUNCHING} (the launch started and failed, and is launched
 *       again) or {@code MIGRATED}; back to the cutover or conversion only for a migration without a recorded
 *       {@code vm.converted}, whose launch retry has to request the final sync again.</li>
 *   <li>{@code FAILED} moves only by an operator's retry (back to the phase that failed) or rollback.</li>
 *   <li>{@code MIGRATED} and {@code CANCELLED} can only be rolled back; {@code ROLLED_BACK} is the end.</li>
 * </ul>
 */
public enum MigrationState {
    QUEUED(0), DISCOVERING(1), SIZING(2), MAPPING(3), PRECOPYING(4), CUTTING_OVER(5), CONVERTING(6), LAUNCHING(7),
    MIGRATED(8), WAITING_CAPACITY(7), FAILED(-1), CANCELLED(-1), ROLLED_BACK(-1);

    /** States that hold a VM: a second migration of the same VM is refused while one of these exists. */
    public static final Set<MigrationState> ACTIVE = EnumSet.of(QUEUED, DISCOVERING, SIZING, MAPPING, PRECOPYING,
            CUTTING_OVER, CONVERTING, LAUNCHING, WAITING_CAPACITY);
    /** States that take an admission slot: admitted and not finished. */
    public static final Set<MigrationState> IN_FLIGHT = EnumSet.of(DISCOVERING, SIZING, MAPPING, PRECOPYING,
            CUTTING_OVER, CONVERTING, LAUNCHING, WAITING_CAPACITY);
    /** Where nothing happens any more without an operator. */
    public static final Set<MigrationState> SETTLED = EnumSet.of(MIGRATED, FAILED, CANCELLED, ROLLED_BACK);

    private static final Set<MigrationState> PIPELINE = EnumSet.of(QUEUED, DISCOVERING, SIZING, MAPPING, PRECOPYING,
            CUTTING_OVER, CONVERTING, LAUNCHING, MIGRATED);

    /** The moves that are not "forward along the pipeline". */
    private static final Map<MigrationState, Set<MigrationState>> SIDE_MOVES = Map.ofEntries(
            entry(QUEUED, EnumSet.of(FAILED, CANCELLED)),
            entry(DISCOVERING, EnumSet.of(WAITING_CAPACITY, FAILED, CANCELLED)),
            entry(SIZING, EnumSet.of(WAITING_CAPACITY, FAILED, CANCELLED)),
            entry(MAPPING, EnumSet.of(WAITING_CAPACITY, FAILED, CANCELLED)),
            entry(PRECOPYING, EnumSet.of(PRECOPYING, WAITING_CAPACITY, FAILED, CANCELLED)),
            entry(CUTTING_OVER, EnumSet.of(WAITING_CAPACITY, FAILED, CANCELLED)),
            entry(CONVERTING, EnumSet.of(WAITING_CAPACITY, FAILED, CANCELLED)),
            entry(LAUNCHING, EnumSet.of(WAITING_CAPACITY, FAILED, CANCELLED)),
            entry(WAITING_CAPACITY, EnumSet.of(CUTTING_OVER, CONVERTING, LAUNCHING, MIGRATED, FAILED, CANCELLED)),
            entry(FAILED, EnumSet.of(DISCOVERING, PRECOPYING, CUTTING_OVER, LAUNCHING, ROLLED_BACK)),
            entry(MIGRATED, EnumSet.of(ROLLED_BACK)),
            entry(CANCELLED, EnumSet.of(ROLLED_BACK)),
            entry(ROLLED_BACK, EnumSet.noneOf(MigrationState.class)));

    private final int rank;

    MigrationState(int rank) {
        this.rank = rank;
    }

    /** Whether a migration in this state may move to {@code next}. */
    public boolean canMoveTo(MigrationState next) {
        if (PIPELINE.contains(this) && this != MIGRATED && PIPELINE.contains(next) && next.rank > rank) {
            return true;
        }
        return SIDE_MOVES.get(this).contains(next);
    }

    /** @throws IllegalTransitionException when the move is not legal */
    public void check(MigrationState next) {
        if (!canMoveTo(next)) {
            throw new IllegalTransitionException(this, next);
        }
    }

    /**
     * Whether an event showing the migration has reached {@code reached} moves it forward from here: true only for a
     * pipeline state (or WAITING_CAPACITY) that {@code reached} lies ahead of. A late or repeated event does not.
     */
    public boolean isBehind(MigrationState reached) {
        return (PIPELINE.contains(this) || this == WAITING_CAPACITY) && this != MIGRATED && reached.rank > rank;
    }

    public boolean isActive() {
        return ACTIVE.contains(this);
    }

    public boolean isSettled() {
        return SETTLED.contains(this);
    }

    /** SQL list of the active states, for the partial unique index and queries. */
    public static String sqlList(Set<MigrationState> states) {
        return states.stream().map(s -> "'" + s.name() + "'").reduce((a, b) -> a + "," + b).orElse("''");
    }
}
