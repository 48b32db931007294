package io.traverse.conversion.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How the disk tools are started: the libguestfs environment (backend, TCG when KVM is unusable) and a bounded,
 * fully captured run of one command. Output goes to a file, not a pipe, so a tool that leaves a daemon behind
 * (guestfish --listen) cannot block the caller.
 *
 * @param env     environment added to every tool's own (LIBGUESTFS_BACKEND, LIBGUESTFS_BACKEND_SETTINGS, VIRTIO_WIN)
 * @param workDir scratch space for logs and generated files
 */
public record GuestTools(Map<String, String> env, Path workDir) {

    public GuestTools {
        env = Map.copyOf(env);
    }

    public static GuestTools of(String backend, Optional<String> backendSettings, Path workDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LIBGUESTFS_BACKEND", backend);
        backendSettings.filter(s -> !s.isBlank()).ifPresent(s -> env.put("LIBGUESTFS_BACKEND_SETTINGS", s));
        return new GuestTools(env, workDir);
    }

    public GuestTools with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(env);
        m.put(key, value);
        return new GuestTools(m, workDir);
    }

    /** What a command printed and how it ended. */
    public record Result(List<String> command, int exitCode, String output, Duration took) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public Result run(Duration timeout, List<String> command) throws IOException {
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "tool-", ".log");
        long start = System.nanoTime();
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            pb.environment().putIfAbsent("LC_ALL", "C.UTF-8");
            Process p = pb.start();
            boolean done;
            try {
                done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done = false;
            }
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new ToolTimeoutException(command.getFirst() + " did not finish within " + timeout + "; last output:\n"
                        + tail(Files.readString(out, StandardCharsets.UTF_8), 20));
            }
            return new Result(List.copyOf(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Duration.ofNanos(System.nanoTime() - start));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    public Result run(Duration timeout, String... command) throws IOException {
        return run(timeout, List.of(command));
    }

    /** The version a tool prints for --version ("virt-v2v-in-place 2.2.0" → "2.2.0"), or "unknown". */
    public String version(String tool) {
        try {
            Result r = run(Duration.ofSeconds(60), tool, "--version");
            String[] words = r.output().trim().split("\\s+");
            return r.ok() && words.length > 1 ? words[words.length - 1] : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** The tool ran out of time. */
    public static final class ToolTimeoutException extends IOException {
        public ToolTimeoutException(String message) {
            super(message);
        }
    }
}
