package io.traverse.discovery.vcenter;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A small vcsim of its own (1 host, 1 VM) that accepts only {@link #USERNAME}/{@link #PASSWORD}, started with the
 * testbed's vcsim.sh (the shared vcsim accepts any password). The service is configured with a wrong password.
 */
public class CredentialCheckingVcsim implements QuarkusTestResourceLifecycleManager {

    static final String USERNAME = "traverse";
    static final String PASSWORD = "the-right-one";
    static final String WRONG_PASSWORD = "Wr0ng-Passw0rd-Never-Logged";

    private Path stateDir;
    private Path script;
    private int port;

    @Override
    public Map<String, String> start() {
        try {
            stateDir = Files.createTempDirectory("traverse-vcsim-auth");
            script = stateDir.resolve("vcsim.sh");
            try (InputStream in = getClass().getResourceAsStream("/io/traverse/testbed/vcsim/vcsim.sh")) {
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            run("start", Map.of("VCSIM_ARGS", "-dc 1 -cluster 1 -host 1 -standalone-host 0 -vm 1 -ds 1 -compat 6.0 "
                    + "-username " + USERNAME + " -password " + PASSWORD,
                    "VCSIM_WATCH_PID", Long.toString(ProcessHandle.current().pid())));
            return Map.of("traverse.vcenter.url", "https://127.0.0.1:" + port + "/sdk",
                    "traverse.vcenter.username", USERNAME,
                    "traverse.vcenter.password", WRONG_PASSWORD,
                    "traverse.vcenter.insecure", "true");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (script != null) {
            run("stop", Map.of());
        }
    }

    private void run(String command, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("VCSIM_STATE_DIR", stateDir.toString());
        env.put("VCSIM_LISTEN", "127.0.0.1:" + port);
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true)
                .redirectOutput(stateDir.resolve(command + ".out").toFile());
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("vcsim.sh " + command + " failed: " + Files.readString(stateDir.resolve(command + ".out")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
