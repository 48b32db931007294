package io.traverse.disktransfer.dispatch;

import io.traverse.disktransfer.job.SyncJobCommand;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Test stand-in for the Job process boundary: runs the Job's own command ({@link SyncJobCommand}, exactly what
 * {@code sync --migration .. --round ..} runs in a pod) on a thread of the test JVM, because a Quarkus test cannot
 * start its own packaged jar. The process launchers themselves are tested in module {@code jobs}. {@link #cancel}
 * interrupts the thread, as the Job's shutdown hook does when its process gets SIGTERM.
 */
public class InProcessJobLauncher implements JobLauncher {

    private final SyncJobCommand command;
    private final Map<String, JobStatus> jobs = new ConcurrentHashMap<>();
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Future<?>> threads = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    public InProcessJobLauncher(SyncJobCommand command) {
        this.command = command;
    }

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    static JobLauncher inProcess(SyncJobCommand command) {
        return new InProcessJobLauncher(command);
    }

    @Override
    public synchronized JobStatus launch(JobSpec spec) {
        JobStatus known = jobs.get(spec.name());
        if (known != null) {
            return known;
        }
        JobStatus running = new JobStatus(spec.name(), spec.kind(), spec.migrationId(), spec.vmId(), JobPhase.RUNNING, null);
        jobs.put(spec.name(), running);
        threads.put(spec.name(), pool.submit(() -> {
            List<String> a = spec.args();
            UUID migration = UUID.fromString(a.get(a.indexOf("--migration") + 1));
            int round = Integer.parseInt(a.get(a.indexOf("--round") + 1));
            long bps = a.contains("--bandwidth-bps") ? Long.parseLong(a.get(a.indexOf("--bandwidth-bps") + 1)) : 0;
            SyncJobCommand.Exit exit;
            try {
                exit = command.execute(migration, round, bps);
            } catch (RuntimeException e) {
                exit = new SyncJobCommand.Exit(1, e.toString());
            }
            // as the process launchers report it: the Job's own reason, then its exit code
            int rc = exit.code();
            JobStatus end = new JobStatus(spec.name(), spec.kind(), spec.migrationId(), spec.vmId(),
                    rc == 0 ? JobPhase.SUCCEEDED : JobPhase.FAILED,
                    rc == 0 ? null : (exit.reason() == null ? "" : exit.reason() + " ") + "(exit code " + rc + ")",
                    rc == JobLauncher.PERMANENT_FAILURE_EXIT_CODE);
            jobs.put(spec.name(), end);
            listeners.forEach(l -> l.onChange(end));
        }));
        return running;
    }

    @Override
    public Optional<JobStatus> status(String name) {
        return Optional.ofNullable(jobs.get(name));
    }

    @Override
    public void cancel(String name) {
        Future<?> f = threads.get(name);
        if (f != null) {
            f.cancel(true);
        }
    }

    @Override
    public AutoCloseable watch(JobListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
