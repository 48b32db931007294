package io.traverse.jobs;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Jobs as child processes of the dispatcher (the local stack, tests): the worker's command line plus the job's
 * arguments, its output in {@code <logDir>/<name>.log}. Exit code 0 is SUCCEEDED. A process that ends otherwise
 * (an error, or killed) is started again up to {@code backoffLimit} times, as Kubernetes retries a Job's pod, so a
 * worker behaves the same on the local stack as in a cluster (the disk sync resumes from its checkpoint); after
 * that the Job is FAILED. Exit code {@link JobLauncher#PERMANENT_FAILURE_EXIT_CODE} fails it at once. What the
 * process wrote to {@code <logDir>/<name>.reason} ({@link JobLauncher#TERMINATION_MESSAGE_PATH_ENV}) leads the
 * failure's reason. Jobs do not outlive the dispatcher's JVM: they are destroyed when it exits.
 */
public final class LocalProcessJobLauncher implements JobLauncher, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalProcessJobLauncher.class);

    private final String kind;
    private final List<String> command;
    private final Map<String, String> baseEnv;
    private final Path logDir;
    private final int backoffLimit;
    private final Duration retryDelay;
    private final Map<String, Entry> jobs = new ConcurrentHashMap<>();
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();

    /** One job: its current process (a new one per attempt), how many were started, and whether it was cancelled. */
    private static final class Entry {
        final JobSpec spec;
        volatile Process process;
        volatile JobStatus status;
        volatile int attempts;
        volatile boolean cancelled;

        Entry(JobSpec spec) {
            this.spec = spec;
        }
    }

    /** Without retries: the first failure of a job's process fails the job. */
    public LocalProcessJobLauncher(String kind, List<String> command, Map<String, String> baseEnv, Path logDir) {
        this(kind, command, baseEnv, logDir, 0, Duration.ZERO);
    }

    /**
     * @param command      the worker's command mode without the job's arguments, e.g. [java, -jar, quarkus-run.jar]
     * @param baseEnv      environment every job gets (database coordinates and the like)
     * @param backoffLimit how often a failed process is started again before the job fails (a Kubernetes Job's
     *                     {@code backoffLimit})
     * @param retryDelay   the wait before the first restart, doubled for each further one
     */
    public LocalProcessJobLauncher(String kind, List<String> command, Map<String, String> baseEnv, Path logDir,
                                   int backoffLimit, Duration retryDelay) {
        this.kind = kind;
        this.command = List.copyOf(command);
        this.baseEnv = Map.copyOf(baseEnv);
        this.logDir = logDir;
        this.backoffLimit = Math.max(0, backoffLimit);
        this.retryDelay = retryDelay;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "local-jobs-shutdown"));
    }

    @Override
    public synchronized JobStatus launch(JobSpec spec) {
        Entry existing = jobs.get(spec.name());
        if (existing != null) {
            return existing.status;
        }
        Entry e = new Entry(spec);
        JobStatus running = status(spec, JobPhase.RUNNING, null);
        e.status = running;
        jobs.put(spec.name(), e);
        notifyAll(running); // before the process can end: listeners see RUNNING before the final state
        try {
            startAttempt(e);
        } catch (RuntimeException ex) {
            jobs.remove(spec.name());
            throw ex;
        }
        return running;
    }

    private void startAttempt(Entry e) {
        JobSpec spec = e.spec;
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(spec.args());
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(spec.name() + ".log");
            Path reason = reasonFile(spec);
            Files.deleteIfExists(reason); // an earlier attempt's last word is not this one's
            e.attempts++;
            if (e.attempts > 1) {
                Files.writeString(log, "%n--- attempt %d of %d ---%n".formatted(e.attempts, backoffLimit + 1),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(e.attempts == 1 ? ProcessBuilder.Redirect.to(log.toFile()) : ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(baseEnv);
            pb.environment().putAll(spec.env());
            pb.environment().put("TRAVERSE_JOB_NAME", spec.name());
            pb.environment().put("TRAVERSE_MIGRATION_ID", spec.migrationId().toString());
            pb.environment().put(TERMINATION_MESSAGE_PATH_ENV, reason.toString());
            Process p = pb.start();
            e.process = p;
            LOG.infof("Started local job %s (pid %d, attempt %d of %d) for migration %s", spec.name(), p.pid(), e.attempts,
                    backoffLimit + 1, spec.migrationId());
            p.onExit().thenAccept(done -> ended(e, done.exitValue()));
        } catch (IOException ex) {
            throw new UncheckedIOException("could not start " + cmd, ex);
        }
    }

    private Path reasonFile(JobSpec spec) {
        return logDir.resolve(spec.name() + ".reason");
    }

    /** The process's own account of its failure, one line, or null when it left none. */
    private String lastWord(JobSpec spec) {
        try {
            Path f = reasonFile(spec);
            if (!Files.isRegularFile(f)) {
                return null;
            }
            String s = Files.readString(f).strip().replaceAll("\\s*\\R\\s*", "; ");
            return s.isEmpty() ? null : s.length() > 2048 ? s.substring(0, 2048) + "…" : s;
        } catch (IOException ex) {
            return null;
        }
    }

    private void ended(Entry e, int code) {
        Path log = logDir.resolve(e.spec.name() + ".log");
        boolean permanent = code == PERMANENT_FAILURE_EXIT_CODE;
        if (code != 0 && !permanent && !e.cancelled && e.attempts <= backoffLimit) {
            long delay = retryDelay.toMillis() << Math.min(e.attempts - 1, 10);
            LOG.warnf("Local job %s ended with exit code %d (attempt %d of %d); starting it again in %d ms",
                    e.spec.name(), code, e.attempts, backoffLimit + 1, delay);
            CompletableFuture.runAsync(() -> {
                if (e.cancelled) {
                    finish(e, status(e.spec, JobPhase.FAILED, "cancelled after exit code " + code + " (log: " + log + ")"));
                    return;
                }
                try {
                    startAttempt(e);
                } catch (RuntimeException ex) {
                    LOG.errorf(ex, "Could not start local job %s again", e.spec.name());
                    finish(e, status(e.spec, JobPhase.FAILED, "exit code " + code + ", then could not start it again: " + ex.getMessage()));
                }
            }, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
            return;
        }
        String tries = e.attempts > 1 ? " after " + e.attempts + " attempts" : "";
        String said = lastWord(e.spec);
        finish(e, code == 0 ? status(e.spec, JobPhase.SUCCEEDED, null)
                : new JobStatus(e.spec.name(), kind, e.spec.migrationId(), e.spec.vmId(), JobPhase.FAILED,
                        (said == null ? "" : said + " (") + "exit code " + code + tries + (said == null ? "" : ")")
                                + " (log: " + log + ")", permanent && !e.cancelled));
    }

    private void finish(Entry e, JobStatus end) {
        e.status = end;
        notifyAll(end);
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
        return Optional.ofNullable(jobs.get(name)).map(e -> e.status);
    }

    @Override
    public void cancel(String name) {
        Entry e = jobs.get(name);
        if (e != null) {
            e.cancelled = true;
            destroy(e.process);
        }
    }

    @Override
    public AutoCloseable watch(JobListener listener) {
        listeners.add(listener);
        jobs.values().forEach(e -> listener.onChange(e.status));
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        jobs.values().forEach(e -> {
            e.cancelled = true;
            destroy(e.process);
        });
    }

    private static void destroy(Process p) {
        if (p != null && p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
    }
}
