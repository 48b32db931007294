package io.traverse.migration.engine;

import io.traverse.migration.IllegalTransitionException;
import io.traverse.migration.MigrationState;
import org.junit.jupiter.api.Test;

import static io.traverse.migration.MigrationState.*;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one table of legal transitions. */
class MigrationStateTest {

    @Test
    void pipelineStatesMoveForwardAndMaySkipPhasesButNeverBack() {
        assertTrue(QUEUED.canMoveTo(DISCOVERING));
        assertTrue(DISCOVERING.canMoveTo(MAPPING), "a later phase's event may arrive first");
        assertTrue(PRECOPYING.canMoveTo(PRECOPYING), "one more pre-copy round");
        assertFalse(MAPPING.canMoveTo(SIZING));
        assertFalse(LAUNCHING.canMoveTo(PRECOPYING));
        assertFalse(QUEUED.canMoveTo(QUEUED));
    }

    @Test
    void finishedMigrationsOnlyMoveByRetryOrRollback() {
        for (MigrationState next : MigrationState.values()) {
            assertTrue(!MIGRATED.canMoveTo(next) || next == ROLLED_BACK, "MIGRATED → " + next);
            assertTrue(!CANCELLED.canMoveTo(next) || next == ROLLED_BACK, "CANCELLED → " + next);
            assertFalse(ROLLED_BACK.canMoveTo(next), "ROLLED_BACK → " + next);
        }
        assertTrue(FAILED.canMoveTo(DISCOVERING));
        assertTrue(FAILED.canMoveTo(CUTTING_OVER));
        assertTrue(FAILED.canMoveTo(LAUNCHING), "an operator's retry of a failed launch launches again");
        assertFalse(FAILED.canMoveTo(MIGRATED));
    }

    @Test
    void anIllegalMoveIsAnExceptionNamingBothStates() {
        var e = assertThrows(IllegalTransitionException.class, () -> MIGRATED.check(PRECOPYING));
        assertTrue(e.getMessage().contains("MIGRATED") && e.getMessage().contains("PRECOPYING"));
        assertDoesNotThrow(() -> WAITING_CAPACITY.check(CUTTING_OVER));
    }

    @Test
    void onlyQueuedAndAdmittedUnfinishedMigrationsHoldTheirVm() {
        assertTrue(QUEUED.isActive());
        assertTrue(WAITING_CAPACITY.isActive());
        assertFalse(FAILED.isActive());
        assertFalse(MIGRATED.isActive());
    }
}
