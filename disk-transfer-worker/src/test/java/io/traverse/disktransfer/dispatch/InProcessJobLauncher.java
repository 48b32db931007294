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

/**
 * Test stand-in for the Job process boundary: runs the Job's own command ({@link SyncJobCommand}, exactly what
 * {@code sync --migration .. --round ..} runs in a pod) on a thread of the test JVM, because a Quarkus test cannot
 * start its own packaged jar. The process launchers themselves are tested in module {@code jobs}.
 */
public class InProcessJobLauncher implements JobLauncher {

    private final SyncJobCommand command;
    private final Map<String, JobStatus> jobs = new ConcurrentHashMap<>();
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
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
        pool.submit(() -> {
            List<String> a = spec.args();
            UUID migration = UUID.fromString(a.get(a.indexOf("--migration") + 1));
            int round = Integer.parseInt(a.get(a.indexOf("--round") + 1));
            long bps = a.contains("--bandwidth-bps") ? Long.parseLong(a.get(a.indexOf("--bandwidth-bps") + 1)) : 0;
            int rc;
            try {
                rc = command.run(migration, round, bps);
            } catch (RuntimeException e) {
                rc = 1;
            }
            JobStatus end = new JobStatus(spec.name(), spec.kind(), spec.migrationId(), spec.vmId(),
                    rc == 0 ? JobPhase.SUCCEEDED : JobPhase.FAILED, rc == 0 ? null : "exit code " + rc);
            jobs.put(spec.name(), end);
            listeners.forEach(l -> l.onChange(end));
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
