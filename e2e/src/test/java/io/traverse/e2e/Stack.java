package io.traverse.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local stack the tests drive: the one `./traverse up` starts. A stack that already answers is reused and left
 * running; otherwise the tests start it with `./traverse up` and stop it with `./traverse down` when the JVM ends.
 * Either way `./traverse seed-disks` makes sure every vcsim VM has its real test disk.
 */
public final class Stack {

    public static final String API = "http://127.0.0.1:8090";
    public static final String DISCOVERY = "http://127.0.0.1:8091";

    private static Stack instance;

    public final Path root;
    public final Path state;
    public final Map<String, String> vcsimEnv;
    public final Map<String, String> infraEnv;
    public final Map<String, String> openstackEnv;
    public final boolean startedHere;
    private boolean stopped;

    private Stack(Path root, boolean startedHere) throws IOException {
        this.root = root;
        this.state = Path.of(System.getenv().getOrDefault("TRAVERSE_STATE_DIR", root.resolve(".traverse").toString()));
        this.startedHere = startedHere;
        this.vcsimEnv = readEnv(state.resolve("vcsim/vcsim.env"));
        this.infraEnv = readEnv(state.resolve("run/infra.env"));
        this.openstackEnv = readEnv(Path.of(System.getProperty("user.home"), ".cache/traverse/openstack/openstack.env"));
    }

    public static synchronized Stack get() throws Exception {
        if (instance != null) {
            return instance;
        }
        Path root = Path.of(System.getProperty("traverse.root", "..")).toAbsolutePath().normalize();
        boolean started = false;
        if (!ready(API + "/q/health/ready") || !ready(DISCOVERY + "/q/health/ready")) {
            log("no stack answers on 127.0.0.1:8090; starting it with ./traverse up");
            try {
                // the launch capacity guard holds the integration guide's 5 instances; a fleet larger than that would
                // wait for capacity until the Reset, so a bigger run (-Pe2e-full) raises it for the stack it starts
                Map<String, String> env = new LinkedHashMap<>();
                String capacity = System.getProperty("e2e.launch-capacity", "");
                if (!capacity.isBlank()) {
                    env.put("TRAVERSE_LAUNCH_CAPACITY_MAX_INSTANCES", capacity);
                    log("launch capacity raised to " + capacity + " instances for this fleet");
                }
                run(root, Duration.ofMinutes(40), env, "./traverse", "up");
            } catch (Exception e) {
                run(root, Duration.ofMinutes(5), "./traverse", "down"); // what did start
                throw e;
            }
            started = true;
            // the tests stop it in their @AfterAll (stopIfStartedHere); this is for a JVM that ends early
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (instance != null) {
                    instance.stopIfStartedHere();
                }
            }, "stack-down"));
        } else {
            log("reusing the running stack (left running afterwards)");
            run(root, Duration.ofMinutes(10), "./traverse", "seed-disks");
        }
        instance = new Stack(root, started);
        return instance;
    }

    /** {@code ./traverse down} once, if these tests started the stack; a stack that was running stays running. */
    public synchronized void stopIfStartedHere() {
        if (!startedHere || stopped) {
            return;
        }
        stopped = true;
        try {
            log("stopping the stack this run started (./traverse down)");
            run(root, Duration.ofMinutes(5), "./traverse", "down");
        } catch (Exception e) {
            log("./traverse down failed: " + e);
        }
    }

    public String kafka() {
        return infraEnv.get("KAFKA_BOOTSTRAP_SERVERS");
    }

    static boolean ready(String url) {
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    static void run(Path dir, Duration timeout, String... cmd) throws IOException, InterruptedException {
        run(dir, timeout, Map.of(), cmd);
    }

    static void run(Path dir, Duration timeout, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        // through this JVM's System.out: surefire owns the fork's own stdout
        Thread pump = new Thread(() -> new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))
                .lines().forEach(System.out::println), "stack-output");
        pump.setDaemon(true);
        pump.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " did not finish in " + timeout);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue());
        }
    }

    /** {@code export K=V} or {@code K=V} lines. */
    static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return env;
        }
        for (String line : Files.readAllLines(file)) {
            line = line.strip();
            if (line.startsWith("#") || !line.contains("=")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring(7);
            }
            int eq = line.indexOf('=');
            String v = line.substring(eq + 1);
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                v = v.substring(1, v.length() - 1);
            }
            env.put(line.substring(0, eq), v);
        }
        return env;
    }

    /** govc-lite against the stack's vcsim. */
    public String govc(String... args) throws IOException, InterruptedException {
        Path bin = Path.of(System.getenv().getOrDefault("VCSIM_BIN_DIR",
                System.getProperty("user.home") + "/.cache/traverse/bin"), "govc-lite");
        List<String> cmd = new java.util.ArrayList<>(List.of(bin.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("GOVC_URL", vcsimEnv.get("GOVC_URL"));
        pb.environment().put("GOVC_INSECURE", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("govc-lite " + String.join(" ", args) + ": " + out);
        }
        return out;
    }

    static void log(String s) {
        System.out.printf("[e2e %tT] %s%n", System.currentTimeMillis(), s);
        System.out.flush();
    }
}
