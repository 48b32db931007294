package io.traverse.launch.target;

import io.traverse.launch.config.LaunchConfig;
import io.traverse.launch.openstack.TargetCloud;
import io.traverse.openstack.ProtectedResources;
import io.traverse.support.rest.ProblemException;
import io.traverse.support.rest.ProblemTypes;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The target's existing workloads as the dashboard polls them: every open browser asks every 15 s, and listing
 * Nova's servers can take tens of seconds on a busy cloud, so one read serves everyone. A list younger than
 * {@code max-age} is answered as it is; an older one (up to {@code max-stale}) is answered while a fresh read runs in
 * the background; without one, the caller waits for the read up to {@code caller-wait}, then gets 503 (the read goes on, so
 * the next call, the dashboard's 5 s later, gets it).
 * At most one read runs at a time.
 */
@ApplicationScoped
public class ExistingWorkloads {

    /** One read of the target's servers. */
    record Snapshot(List<TargetInstanceResource.InstanceView> instances, Instant readAt) {
    }

    private final TargetCloud cloud;
    private final ProtectedResources guard;
    private final LaunchConfig.ExistingWorkloads config;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "existing-workloads-reader");
        t.setDaemon(true);
        return t;
    });
    private volatile Snapshot last;
    private CompletableFuture<Snapshot> reading;

    public ExistingWorkloads(TargetCloud cloud, ProtectedResources guard, LaunchConfig config) {
        this.cloud = cloud;
        this.guard = guard;
        this.config = config.existingWorkloads();
    }

    /** The existing workloads, by name; 503 problem+json when Nova cannot be read (in time). */
    public List<TargetInstanceResource.InstanceView> list() {
        Snapshot s = last;
        Duration age = s == null ? null : Duration.between(s.readAt(), Instant.now());
        if (age != null && age.compareTo(config.maxAge()) < 0) {
            return s.instances();
        }
        CompletableFuture<Snapshot> read = startRead();
        if (age != null && age.compareTo(config.maxStale()) < 0) {
            return s.instances();
        }
        try {
            return read.get(config.callerWait().toMillis(), TimeUnit.MILLISECONDS).instances();
        } catch (TimeoutException e) {
            throw unavailable("OpenStack has not listed the target's servers within " + config.callerWait().toSeconds()
                    + " s; the read goes on, try again in a few seconds");
        } catch (ExecutionException e) {
            throw unavailable("the target's servers could not be read: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    private synchronized CompletableFuture<Snapshot> startRead() {
        if (reading == null || reading.isDone()) {
            reading = CompletableFuture.supplyAsync(this::read, reader);
        }
        return reading;
    }

    private Snapshot read() {
        Instant at = Instant.now();
        List<TargetInstanceResource.InstanceView> list = cloud.existingWorkloads().stream()
                .map(w -> new TargetInstanceResource.InstanceView(w.id(), w.name(), w.status(),
                        w.flavorName() == null ? null : new TargetInstanceResource.FlavorView(w.flavorName(),
                                w.flavorVcpus(), w.flavorRamMb(), w.flavorDiskGb()),
                        w.addresses(), guard.isProtected(w.name(), w.metadata()), w.created()))
                .sorted(Comparator.comparing(TargetInstanceResource.InstanceView::name))
                .toList();
        Snapshot s = new Snapshot(list, at);
        last = s;
        return s;
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(ProblemTypes.UPSTREAM_UNAVAILABLE, "OpenStack unavailable", 503, detail);
    }

    @PreDestroy
    void stop() {
        reader.shutdownNow();
    }
}
