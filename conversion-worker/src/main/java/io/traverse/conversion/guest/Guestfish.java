package io.traverse.conversion.guest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One libguestfs appliance kept up for a series of guestfish commands ({@code guestfish --listen} plus
 * {@code guestfish --remote}): inspecting and editing a guest costs one appliance boot, which under TCG is most of the
 * time. Read-only sessions put a throw-away overlay over the disks, so even commands that write (mounting, running
 * the guest's own lsinitramfs) leave them untouched.
 */
public final class Guestfish implements AutoCloseable {

    private static final Pattern PID = Pattern.compile("GUESTFISH_PID=(\\d+)");

    private final GuestTools tools;
    private final Duration timeout;
    private final long pid;
    private boolean closed;

    private Guestfish(GuestTools tools, Duration timeout, long pid) {
        this.tools = tools;
        this.timeout = timeout;
        this.pid = pid;
    }

    /** Starts the appliance with these disks (raw, in the VM's disk order, so they appear as /dev/sda, /dev/sdb, ...). */
    public static Guestfish open(GuestTools tools, Duration timeout, boolean readOnly, List<Path> disks) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("guestfish", "--listen"));
        if (readOnly) {
            cmd.add("--ro");
        }
        cmd.add("--format=raw");
        for (Path d : disks) {
            cmd.add("-a");
            cmd.add(d.toString());
        }
        GuestTools.Result r = tools.run(Duration.ofMinutes(2), cmd);
        Matcher m = PID.matcher(r.output());
        if (!r.ok() || !m.find()) {
            throw new GuestToolException("guestfish --listen failed", r);
        }
        Guestfish g = new Guestfish(tools, timeout, Long.parseLong(m.group(1)));
        try {
            g.call("run");
        } catch (IOException | RuntimeException e) {
            g.close();
            throw e;
        }
        return g;
    }

    /** Runs one guestfish command in the appliance and returns what it printed; a failing command throws. */
    public String call(String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("guestfish", "--remote=" + pid, "--"));
        cmd.addAll(List.of(command));
        GuestTools.Result r = tools.run(timeout, cmd);
        if (!r.ok()) {
            throw new GuestToolException("guestfish " + command[0] + " failed", r);
        }
        return r.output();
    }

    /** Lines of a command's output, without empty ones. */
    public List<String> lines(String... command) throws IOException {
        return call(command).lines().filter(l -> !l.isBlank()).toList();
    }

    /** The command's output, or null when it fails (a missing file, an unknown field). */
    public String optional(String... command) {
        try {
            return call(command);
        } catch (IOException e) {
            return null;
        }
    }

    public boolean isFile(String path) throws IOException {
        return "true".equals(call("is-file", path, "followsymlinks:true").trim());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            tools.run(Duration.ofMinutes(2), "guestfish", "--remote=" + pid, "--", "exit");
        } catch (IOException e) {
            // fall through to the kill below
        }
        ProcessHandle.of(pid).ifPresent(p -> {
            try {
                p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        });
    }
}
