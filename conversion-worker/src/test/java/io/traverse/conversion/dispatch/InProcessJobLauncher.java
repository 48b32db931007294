package io.traverse.conversion.dispatch;

import io.traverse.conversion.job.ConversionJobCommand;
import io.traverse.jobs.JobLauncher;
import io.traverse.jobs.JobListener;
import io.traverse.jobs.JobPhase;
import io.traverse.jobs.JobSpec;
import io.traverse.jobs.JobStatus;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Test stand-in for the Job process boundary: runs the Job's own command ({@link ConversionJobCommand}, exactly what
 * {@code convert --migration ..} runs in a pod) on a thread of the test JVM, because a Quarkus test cannot start its
 * own packaged jar. The launchers themselves are tested in module {@code jobs}. A migration in {@link #evict} is not
 * run: its Job fails at once the way an evicted pod's does.
 */
public class InProcessJobLauncher implements JobLauncher {

    public static final Set<UUID> evict = ConcurrentHashMap.newKeySet();
    public static final List<JobSpec> launched = new CopyOnWriteArrayList<>();

    private final ConversionJobCommand command;
    private final Map<String, JobStatus> jobs = new ConcurrentHashMap<>();
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    public InProcessJobLauncher(ConversionJobCommand command) {
        this.command = command;
    }

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    static JobLauncher inProcess(ConversionJobCommand command) {
        return new InProcessJobLauncher(command);
    }

    @Override
    public synchronized JobStatus launch(JobSpec spec) {
        JobStatus known = jobs.get(spec.name());
        if (known != null) {
            return known;
        }
        launched.add(spec);
        JobStatus running = new JobStatus(spec.name(), spec.kind(), spec.migrationId(), spec.vmId(), JobPhase.RUNNING, null);
        jobs.put(spec.name(), running);
        pool.submit(() -> {
            UUID migration = UUID.fromString(spec.args().get(spec.args().indexOf("--migration") + 1));
            JobStatus end;
            if (evict.contains(migration)) {
                end = new JobStatus(spec.name(), spec.kind(), spec.migrationId(), spec.vmId(), JobPhase.FAILED,
                        "evicted: The node was low on resource: memory");
            } else {
                int rc;
                try {
                    int r = spec.args().indexOf("--round");
                    rc = command.run(migration, r < 0 ? null : Integer.valueOf(spec.args().get(r + 1)));
                } catch (RuntimeException e) {
                    rc = 1;
                }
                end = new JobStatus(spec.name(), spec.kind(), spec.migrationId(), spec.vmId(),
                        rc == 0 ? JobPhase.SUCCEEDED : JobPhase.FAILED, rc == 0 ? null : "exit code " + rc);
            }
            jobs.put(spec.name(), end);
            JobStatus last = end;
            listeners.forEach(l -> l.onChange(last));
        });
        return running;
    }

    @Override
    public Optional<JobStatus> status(String name) {
        return Optional.ofNullable(jobs.get(name));
    }

    @Override
    public void cancel(String name) {
    }

    @Override
    public AutoCloseable watch(JobListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
