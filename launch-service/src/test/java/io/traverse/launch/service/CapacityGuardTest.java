package io.traverse.launch.service;

import io.traverse.launch.service.CapacityGuard.Admit;
import io.traverse.launch.service.CapacityGuard.Never;
import io.traverse.launch.service.CapacityGuard.Quota;
import io.traverse.launch.service.CapacityGuard.Wait;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapacityGuardTest {

    private static final Optional<Quota> PLENTY = Optional.of(new Quota(50, 2, 200, 2, 409600, 1024));

    @Test
    void shouldAdmitBelowEveryLimit() {
        assertInstanceOf(Admit.class, CapacityGuard.decide(5, 5, 4, 0, PLENTY, 1, 256));
    }

    @Test
    void shouldWaitWhenFiveTraverseInstancesAreOnTheTarget() {
        var d = CapacityGuard.decide(5, 5, 5, 0, PLENTY, 1, 256);
        assertInstanceOf(Wait.class, d);
        assertTrue(d.reason().contains("5 of 5 Traverse instances"), d.reason());
    }

    @Test
    void shouldWaitWhenTooManyLaunchesAreInFlight() {
        assertInstanceOf(Wait.class, CapacityGuard.decide(10, 2, 3, 2, PLENTY, 1, 256));
    }

    @Test
    void shouldWaitWhenTheQuotaIsShortNow() {
        var cores = CapacityGuard.decide(5, 5, 0, 0, Optional.of(new Quota(50, 3, 4, 3, 409600, 0)), 2, 256);
        assertInstanceOf(Wait.class, cores);
        assertTrue(cores.reason().contains("core quota"), cores.reason());
        assertInstanceOf(Wait.class, CapacityGuard.decide(5, 5, 0, 0, Optional.of(new Quota(50, 3, 40, 3, 4096, 4000)), 1, 256));
        assertInstanceOf(Wait.class, CapacityGuard.decide(5, 5, 0, 0, Optional.of(new Quota(3, 3, 40, 3, 4096, 0)), 1, 256));
    }

    @Test
    void shouldFailOnlyWhenTheQuotaCouldNeverHoldTheFlavor() {
        var d = CapacityGuard.decide(5, 5, 0, 0, Optional.of(new Quota(50, 0, 2, 0, 409600, 0)), 4, 256);
        assertInstanceOf(Never.class, d);
        assertTrue(d.reason().contains("never"), d.reason());
    }

    @Test
    void shouldTreatMinusOneAsUnlimited() {
        assertInstanceOf(Admit.class, CapacityGuard.decide(5, 5, 0, 0,
                Optional.of(new Quota(-1, 100, -1, 1000, -1, 1 << 30)), 64, 1 << 20));
    }

    @Test
    void shouldIgnoreTheQuotaWhenNotChecked() {
        assertInstanceOf(Admit.class, CapacityGuard.decide(5, 5, 0, 0, Optional.empty(), 999, 1 << 30));
    }
}
