package io.traverse.disktransfer.nbd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An nbdkit server this process started, serving one export read-only on a private Unix socket; stopped (with its
 * plugin) on {@link #close()} and, through {@code --exit-with-parent}, when this process dies.
 */
public final class Nbdkit implements AutoCloseable {

    private final Process process;
    private final Path socket;
    private final Path dir;

    private Nbdkit(Process process, Path socket, Path dir) {
        this.process = process;
        this.socket = socket;
        this.dir = dir;
    }

    /**
     * Starts {@code nbdkit [filters] PLUGIN params...}.
     *
     * @param pluginAndParams e.g. ["curl", "url=https://...", "cookie=+/path"] or {@link VddkCommand#pluginArgs()}
     */
    public static Nbdkit start(List<String> filters, List<String> pluginAndParams) throws IOException {
        Path dir = Files.createTempDirectory("traverse-nbd");
        Path socket = dir.resolve("nbd.sock");
        List<String> cmd = new ArrayList<>(List.of("nbdkit", "--readonly", "--exit-with-parent", "--foreground",
                "--unix", socket.toString(), "--threads", "16"));
        filters.forEach(f -> cmd.add("--filter=" + f));
        cmd.addAll(pluginAndParams);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("nbdkit.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(socket)) {
            if (!p.isAlive()) {
                throw new IOException("nbdkit exited " + p.exitValue() + ": " + Files.readString(dir.resolve("nbdkit.log")));
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("nbdkit did not open its socket in 30 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException(e);
            }
        }
        return new Nbdkit(p, socket, dir);
    }

    public Path socket() {
        return socket;
    }

    private static final java.util.regex.Pattern HTTP_ERROR =
            java.util.regex.Pattern.compile("returned error: (\\d{3})|HTTP response code said error: .*?(\\d{3})");

    /**
     * The HTTP status of the last refusal the plugin logged (the curl plugin writes e.g. "The requested URL returned
     * error: 404" when its HEAD or GET is refused), or empty: what the NBD client sees is only "no export".
     */
    public java.util.OptionalInt lastHttpError() {
        try {
            java.util.regex.Matcher m = HTTP_ERROR.matcher(Files.readString(dir.resolve("nbdkit.log")));
            Integer status = null;
            while (m.find()) {
                status = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
            }
            return status == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(status);
        } catch (IOException e) {
            return java.util.OptionalInt.empty();
        }
    }

    /** The {@code nbd+unix://} URI nbdcopy and qemu-img understand. */
    public String uri() {
        return "nbd+unix:///?socket=" + socket;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp dir left behind
        }
    }
}
