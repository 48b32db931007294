package io.traverse.migration.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the {@link Orchestrator} as soon as a transaction that queued a migration or freed an admission slot has
 * committed, instead of waiting for its next tick.
 */
@ApplicationScoped
public class Wakeup {

    private final Semaphore signal = new Semaphore(0);
    private final TransactionSynchronizationRegistry registry;

    public Wakeup(TransactionSynchronizationRegistry registry) {
        this.registry = registry;
    }

    /** Inside a transaction: wake the orchestrator once it commits. */
    public void afterCommit() {
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    signal.release();
                }
            }
        });
    }

    public void now() {
        signal.release();
    }

    /** Waits for a wake-up or the timeout, then swallows further pending wake-ups. */
    boolean await(long millis) throws InterruptedException {
        boolean woken = signal.tryAcquire(millis, TimeUnit.MILLISECONDS);
        signal.drainPermits();
        return woken;
    }
}
