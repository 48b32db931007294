package io.traverse.testbed;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * vcsim, the govmomi vCenter simulator, run through {@code testbed/vcsim/vcsim.sh} (carried inside this jar). The script
 * installs Go and govmomi from Debian if missing, builds {@code vcsim} and {@code govc-lite} once into
 * {@code ~/.cache/traverse/bin} (or {@code $VCSIM_BIN_DIR}) and starts the simulator with the integration guide's
 * 30 VMs. Each {@code Vcsim} has its own state directory and port, so a test's simulator never collides with a
 * developer's local stack (which uses the default state dir and 127.0.0.1:8989).
 *
 * <p>Any user name and password are accepted; {@link #USERNAME}/{@link #PASSWORD} are what we hand out.
 */
public final class Vcsim implements AutoCloseable {

    public static final String USERNAME = "user";
    public static final String PASSWORD = "pass";
    /** Overrides the script that is otherwise extracted from this jar (e.g. a checkout's testbed/vcsim/vcsim.sh). */
    public static final String SCRIPT_ENV = "TRAVERSE_VCSIM_SCRIPT";
    private static final String SCRIPT_RESOURCE = "/io/traverse/testbed/vcsim/vcsim.sh";

    private final Path script;
    private final Path stateDir;
    private final Map<String, String> env;
    private final int port;
    private final long pid;
    private volatile boolean stopped;

    private Vcsim(Path script, Path stateDir, Map<String, String> env) {
        this.script = script;
        this.stateDir = stateDir;
        this.env = env;
        this.port = Integer.parseInt(env.get("VCSIM_PORT"));
        this.pid = Long.parseLong(env.get("VCSIM_PID"));
    }

    /**
     * Starts vcsim on 127.0.0.1:{@code port} with its pid/env/log in {@code stateDir}, and waits until the SOAP SDK answers.
     * The simulator is also stopped (by a watchdog in the script) when this JVM dies without calling {@link #close()}.
     *
     * @param port     0 for a free port
     * @param stateDir state directory (pid, env, log); the script's default is ~/.cache/traverse/vcsim
     */
    public static Vcsim start(int port, Path stateDir) {
        return start(port, stateDir, true);
    }

    /** @param stopWithThisJvm also stop vcsim when this JVM exits (a watchdog in the script), even on SIGKILL */
    public static Vcsim start(int port, Path stateDir, boolean stopWithThisJvm) {
        int p = port == 0 ? Ports.free() : port;
        try {
            Files.createDirectories(stateDir);
            Path script = script(stateDir);
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("VCSIM_STATE_DIR", stateDir.toAbsolutePath().toString());
            extra.put("VCSIM_LISTEN", "127.0.0.1:" + p);
            if (stopWithThisJvm) {
                extra.put("VCSIM_WATCH_PID", Long.toString(ProcessHandle.current().pid()));
            }
            // a cold start installs golang-go from Debian and builds for ~20-80 s; a warm one takes a second
            runScript(script, extra, Duration.ofMinutes(20), "start");
            Map<String, String> env = readEnvFile(stateDir.resolve("vcsim.env"));
            Vcsim vcsim = new Vcsim(script, stateDir, env);
            try {
                vcsim.awaitSdk(Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                vcsim.close();
                throw e;
            }
            return vcsim;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start vcsim in " + stateDir, e);
        }
    }

    /** {@code https://127.0.0.1:<port>/sdk} */
    public String sdkUrl() {
        return env.get("VCSIM_SDK_URL");
    }

    /** {@code https://127.0.0.1:<port>} */
    public String url() {
        return env.get("VCSIM_URL");
    }

    public int port() {
        return port;
    }

    public long pid() {
        return pid;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** Where vcsim and govc-lite were built. */
    public Path binDir() {
        String path = env.getOrDefault("PATH", "");
        // the env file's PATH line is "<bin dir>:$PATH"
        int colon = path.indexOf(':');
        return Path.of(colon < 0 ? path : path.substring(0, colon));
    }

    public Path govcLite() {
        return binDir().resolve("govc-lite");
    }

    /**
     * The variables of the script's env file: GOVC_URL, GOVC_INSECURE, GOVC_USERNAME, GOVC_PASSWORD, VCSIM_PID,
     * VCSIM_HOST, VCSIM_PORT, VCSIM_URL, VCSIM_SDK_URL (and PATH as written, with a literal {@code $PATH}).
     */
    public Map<String, String> env() {
        return env;
    }

    /** The environment for running {@code govc-lite} against this simulator. */
    public Map<String, String> govcEnv() {
        Map<String, String> e = new LinkedHashMap<>();
        for (String k : List.of("GOVC_URL", "GOVC_INSECURE", "GOVC_USERNAME", "GOVC_PASSWORD")) {
            e.put(k, env.get(k));
        }
        return e;
    }

    /** Runs {@code govc-lite args...} against this simulator and returns its stdout; fails on a non-zero exit. */
    public String govc(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(govcLite().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(govcEnv());
        Result r = run(pb, Duration.ofMinutes(2));
        if (r.exit != 0) {
            throw new IllegalStateException("govc-lite " + String.join(" ", args) + " failed (exit " + r.exit + "):\n" + r.output);
        }
        return r.output;
    }

    /** The Quarkus/Traverse config keys for this simulator. */
    public Map<String, String> traverseConfig() {
        return Map.of(
                "traverse.vcenter.url", sdkUrl(),
                "traverse.vcenter.username", username(),
                "traverse.vcenter.password", password(),
                "traverse.vcenter.insecure", "true");
    }

    /** Sends the unauthenticated SOAP call RetrieveServiceContent and returns the response XML (HTTP 200 expected). */
    public String retrieveServiceContent() {
        String body = """
                <?xml version="1.0" encoding="UTF-8"?>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:urn="urn:vim25">
                  <soapenv:Body>
                    <urn:RetrieveServiceContent><urn:_this type="ServiceInstance">ServiceInstance</urn:_this></urn:RetrieveServiceContent>
                  </soapenv:Body>
                </soapenv:Envelope>""";
        HttpRequest request = HttpRequest.newBuilder(URI.create(sdkUrl()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "urn:vim25/6.0")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try (HttpClient client = insecureHttpClient()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("vcsim " + sdkUrl() + " answered HTTP " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitSdk(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (retrieveServiceContent().contains("ServiceContent")) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IllegalStateException("vcsim (pid " + pid + ") exited; see " + stateDir.resolve("vcsim.log"), last);
            }
            sleep(200);
        }
        throw new IllegalStateException("vcsim " + sdkUrl() + " did not answer within " + timeout, last);
    }

    /** Stops the simulator ({@code vcsim.sh stop}; SIGTERM, then SIGKILL after 5 s). Idempotent. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            runScript(script, Map.of("VCSIM_STATE_DIR", stateDir.toAbsolutePath().toString(),
                    "VCSIM_LISTEN", "127.0.0.1:" + port), Duration.ofSeconds(30), "stop");
        } catch (RuntimeException e) {
            // the script failed (e.g. a JVM shutdown raced it): signal the process directly
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }

    @Override
    public String toString() {
        return "Vcsim[" + sdkUrl() + ", pid " + pid + ", state " + stateDir + "]";
    }

    /** An HttpClient that accepts any certificate and host name: for vcsim's self-signed certificate only. */
    public static HttpClient insecureHttpClient() {
        return HttpClient.newBuilder().sslContext(insecureSslContext()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * An SSLContext that trusts every certificate and skips host name checks (an {@link X509ExtendedTrustManager}, so
     * the JDK adds no endpoint identification of its own). For vcsim's self-signed certificate in tests only.
     */
    public static SSLContext insecureSslContext() {
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
            @Override public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trustAll}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The vcsim.sh to run: {@code $TRAVERSE_VCSIM_SCRIPT} if set, else the copy inside this jar, written to
     * {@code <stateDir>/vcsim.sh}. The script keys its build cache on the content of its Go sources, not its path.
     */
    static Path script(Path stateDir) throws IOException {
        String override = System.getenv(SCRIPT_ENV);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Path target = stateDir.resolve("vcsim.sh");
        try (InputStream in = Objects.requireNonNull(Vcsim.class.getResourceAsStream(SCRIPT_RESOURCE),
                SCRIPT_RESOURCE + " is missing from the testbed jar")) {
            Path tmp = Files.createTempFile(stateDir, "vcsim", ".sh");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }

    private static void runScript(Path script, Map<String, String> extraEnv, Duration timeout, String command) {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true);
        pb.environment().putAll(extraEnv);
        Result r = run(pb, timeout);
        if (r.exit != 0) {
            throw new IllegalStateException("vcsim.sh " + command + " failed (exit " + r.exit + ", " + extraEnv + "):\n" + r.output);
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(ProcessBuilder pb, Duration timeout) {
        try {
            pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            Path out = Files.createTempFile("traverse-proc", ".log");
            try {
                pb.redirectOutput(out.toFile());
                if (!pb.redirectErrorStream()) {
                    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
                }
                Process process = pb.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", pb.command()) + " did not finish within " + timeout
                            + ":\n" + Files.readString(out));
                }
                return new Result(process.exitValue(), Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Parses {@code export KEY=value} / {@code KEY=value} lines; surrounding double quotes are removed. */
    static Map<String, String> readEnvFile(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (l.startsWith("export ")) {
                l = l.substring("export ".length()).strip();
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String value = l.substring(eq + 1);
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            env.put(l.substring(0, eq), value);
        }
        return env;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
