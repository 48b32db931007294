package io.traverse.jobs;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Jobs as child processes of the dispatcher (the local stack, tests): the worker's command line plus the job's
 * arguments, its output in {@code <logDir>/<name>.log}. Exit code 0 is SUCCEEDED, anything else FAILED. Jobs do
 * not outlive the dispatcher's JVM: they are destroyed when it exits.
 */
public final class LocalProcessJobLauncher implements JobLauncher, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalProcessJobLauncher.class);

    private final String kind;
    private final List<String> command;
    private final Map<String, String> baseEnv;
    private final Path logDir;
    private final Map<String, Entry> jobs = new ConcurrentHashMap<>();
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();

    private record Entry(JobSpec spec, Process process, JobStatus[] status) {
    }

    /**
     * @param command the worker's command mode without the job's arguments, e.g. [java, -jar, quarkus-run.jar]
     * @param baseEnv environment every job gets (database coordinates and the like)
     */
    public LocalProcessJobLauncher(String kind, List<String> command, Map<String, String> baseEnv, Path logDir) {
        this.kind = kind;
        this.command = List.copyOf(command);
        this.baseEnv = Map.copyOf(baseEnv);
        this.logDir = logDir;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "local-jobs-shutdown"));
    }

    @Override
    public synchronized JobStatus launch(JobSpec spec) {
        Entry existing = jobs.get(spec.name());
        if (existing != null) {
            return existing.status[0];
        }
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(spec.args());
        try {
            Files.createDirectories(logDir);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(logDir.resolve(spec.name() + ".log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(baseEnv);
            pb.environment().putAll(spec.env());
            pb.environment().put("TRAVERSE_JOB_NAME", spec.name());
            pb.environment().put("TRAVERSE_MIGRATION_ID", spec.migrationId().toString());
            Process p = pb.start();
            JobStatus running = status(spec, JobPhase.RUNNING, null);
            Entry e = new Entry(spec, p, new JobStatus[] {running});
            jobs.put(spec.name(), e);
            LOG.infof("Started local job %s (pid %d) for migration %s", spec.name(), p.pid(), spec.migrationId());
            notifyAll(running);
            p.onExit().thenAccept(done -> {
                int code = done.exitValue();
                JobStatus end = code == 0 ? status(spec, JobPhase.SUCCEEDED, null)
                        : status(spec, JobPhase.FAILED, "exit code " + code + " (log: " + logDir.resolve(spec.name() + ".log") + ")");
                e.status[0] = end;
                notifyAll(end);
            });
            return running;
        } catch (IOException ex) {
            throw new UncheckedIOException("could not start " + cmd, ex);
        }
    }

    private JobStatus status(JobSpec spec, JobPhase phase, String reason) {
        return new JobStatus(spec.name(), kind, spec.migrationId(), spec.vmId(), phase, reason);
    }

    private void notifyAll(JobStatus s) {
        for (JobListener l : listeners) {
            try {
                l.onChange(s);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Job listener failed on %s", s);
            }
        }
    }

    @Override
    public Optional<JobStatus> status(String name) {
        return Optional.ofNullable(jobs.get(name)).map(e -> e.status[0]);
    }

    @Override
    public void cancel(String name) {
        Entry e = jobs.get(name);
        if (e != null && e.process.isAlive()) {
            e.process.descendants().forEach(ProcessHandle::destroy);
            e.process.destroy();
        }
    }

    @Override
    public AutoCloseable watch(JobListener listener) {
        listeners.add(listener);
        jobs.values().forEach(e -> listener.onChange(e.status[0]));
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        jobs.values().forEach(e -> {
            if (e.process.isAlive()) {
                e.process.descendants().forEach(ProcessHandle::destroy);
                e.process.destroy();
            }
        });
    }
}
