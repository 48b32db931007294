package io.traverse.discovery.vcenter;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the session alive and the readiness state current: logs in at startup (a failure is reported, never fatal, so a
 * wrong password or a vCenter outage cannot crash-loop the pod), then checks the session periodically, backing off
 * exponentially (up to {@link #MAX_BACKOFF}) while vCenter is unreachable or rejects the credentials.
 */
@ApplicationScoped
public class VcenterWatchdog {

    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);

    private final VcenterSession session;
    private volatile Duration backoff = FIRST_BACKOFF;
    private volatile Instant nextAttempt = Instant.EPOCH;

    public VcenterWatchdog(VcenterSession session) {
        this.session = session;
    }

    void onStart(@Observes StartupEvent ignored) {
        check();
    }

    @Scheduled(every = "${traverse.vcenter.check-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "5s")
    void tick() {
        if (Instant.now().isAfter(nextAttempt)) {
            check();
        }
    }

    private void check() {
        VcenterSession.Status status = session.probe();
        if (status.state() == VcenterSession.State.CONNECTED) {
            backoff = FIRST_BACKOFF;
            nextAttempt = Instant.now().plus(Duration.ofSeconds(30));
        } else {
            nextAttempt = Instant.now().plus(backoff);
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        }
    }
}
