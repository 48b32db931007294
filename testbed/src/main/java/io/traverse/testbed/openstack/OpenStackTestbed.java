package io.traverse.testbed.openstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The single-node OpenStack Zed testbed (Debian packages, loopback only) that {@code testbed/openstack/openstack-testbed.sh}
 * manages, seen from Java: {@link #start()} reuses a running testbed or runs {@code openstack-testbed.sh up}, then reads
 * the env file the script writes ({@code $STATE/openstack.env}) and returns its {@link Coordinates}.
 *
 * <p>JVM-wide singleton: the first call does the work, later calls (from any class loader: Quarkus may load test
 * resources once per application) only re-read the env file. Nothing here ever
 * stops the testbed (it stays up for other test JVMs and later runs); {@code openstack-testbed.sh down} does that.
 *
 * <p>Settings (system property, then environment variable):
 * <ul>
 *   <li>{@code traverse.testbed.openstack.env-file} / {@code TRAVERSE_OPENSTACK_ENV_FILE}: use this env file (an existing
 *       cloud, same keys as the script writes) and never run the script.</li>
 *   <li>{@code traverse.testbed.openstack.state} / {@code TRAVERSE_OPENSTACK_STATE}: the testbed's state directory
 *       (default {@code ~/.cache/traverse/openstack}).</li>
 *   <li>{@code traverse.testbed.openstack.script} / {@code TRAVERSE_OPENSTACK_SCRIPT}: path of {@code openstack-testbed.sh};
 *       by default it is looked up as {@code testbed/openstack/openstack-testbed.sh} in the working directory and its
 *       parents (a checkout), then extracted from the classpath ({@code io/traverse/testbed/openstack/}) if the jar
 *       carries the scripts.</li>
 * </ul>
 * {@code up} needs root (apt, mount); reusing a running testbed does not.
 */
public final class OpenStackTestbed {

    private static final Logger LOG = Logger.getLogger(OpenStackTestbed.class.getName());

    /** The files of {@code testbed/openstack/} the script needs next to it. */
    static final List<String> SCRIPT_FILES =
            List.of("openstack-testbed.sh", "lib.sh", "up.sh", "down.sh", "env.sh", "smoke.sh", "seed.py");

    /** {@code up} takes ~4 min from a bare machine (package install), well under a minute once installed. */
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(30);

    /** A string literal is interned, so this is one monitor per JVM even if Quarkus loads this class several times. */
    private static final String JVM_LOCK = "io.traverse.testbed.openstack.OpenStackTestbed.start";
    /** Set once the testbed is started or found in this JVM: the env file; seen from every class loader. */
    static final String STARTED_PROPERTY = "traverse.testbed.openstack.started-env-file";

    private OpenStackTestbed() {
    }

    /** One OpenStack user with the project it scopes to. */
    public record Credentials(String username, String password, String projectName, String projectId,
                              String userDomain, String projectDomain) {
        @Override
        public String toString() { // never print the password
            return username + "@" + projectName + " (" + projectId + ")";
        }
    }

    /**
     * Where the testbed is and who may use it.
     *
     * @param authUrl    Keystone v3, e.g. {@code http://127.0.0.1:5000/v3}
     * @param region     {@code RegionOne}
     * @param interfaceName catalog interface to use ({@code public})
     * @param member     the Traverse user: role {@code member} in project {@code traverse}
     * @param admin      the cloud admin ({@code admin} in project {@code admin})
     * @param envFile    the env file these values were read from ({@code export OS_*=...} lines; sourceable)
     * @param cloudsYaml the {@code clouds.yaml} next to it (clouds {@code traverse-testbed}, {@code traverse-testbed-admin}),
     *                   if it exists
     */
    public record Coordinates(String authUrl, String region, String interfaceName, Credentials member,
                              Credentials admin, Path envFile, Optional<Path> cloudsYaml) {

        /** Config keys for a Traverse service, as the member user (+ {@code traverse.openstack.admin.*}). */
        public Map<String, String> config() {
            return config(member);
        }

        /** Config keys with {@code user} as the main credentials (e.g. {@link #admin()} for admin-path tests). */
        public Map<String, String> config(Credentials user) {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("traverse.openstack.auth-url", authUrl);
            c.put("traverse.openstack.region", region);
            c.put("traverse.openstack.interface", interfaceName);
            put(c, "traverse.openstack.", user);
            if (admin != null) {
                put(c, "traverse.openstack.admin.", admin);
            }
            return c;
        }

        private static void put(Map<String, String> c, String prefix, Credentials u) {
            c.put(prefix + "username", u.username());
            c.put(prefix + "password", u.password());
            c.put(prefix + "project", u.projectName());
            if (u.projectId() != null) {
                c.put(prefix + "project-id", u.projectId());
            }
            c.put(prefix + "user-domain", u.userDomain());
            c.put(prefix + "project-domain", u.projectDomain());
        }
    }

    /**
     * Starts the testbed, or reuses it when it already runs (all six APIs answer and the member user gets a token), and
     * returns its coordinates. Thread-safe; the work happens once per JVM. Concurrent JVMs are serialised by the
     * script's lock file.
     *
     * @throws IllegalStateException when the testbed cannot be started (the message carries the tail of the log)
     */
    public static Coordinates start() {
        synchronized (JVM_LOCK) {
            String started = System.getProperty(STARTED_PROPERTY);
            if (started != null) {
                return readEnvFile(Path.of(started));
            }
            Coordinates c = startOrReuse();
            System.setProperty(STARTED_PROPERTY, c.envFile().toString());
            return c;
        }
    }

    private static Coordinates startOrReuse() {
        Optional<String> external = setting("traverse.testbed.openstack.env-file", "TRAVERSE_OPENSTACK_ENV_FILE");
        if (external.isPresent()) {
            Coordinates c = readEnvFile(Path.of(external.get()));
            LOG.info(() -> "OpenStack: using " + c.authUrl() + " from " + external.get() + " (not managed here)");
            return c;
        }
        Path state = stateDir();
        Path envFile = state.resolve("openstack.env");
        if (Files.isRegularFile(envFile)) {
            Coordinates c = readEnvFile(envFile);
            if (answers(c)) {
                LOG.info(() -> "OpenStack testbed: reusing the running one at " + c.authUrl());
                return c;
            }
        }
        Path script = script(state);
        long t0 = System.nanoTime();
        LOG.info(() -> "OpenStack testbed: running " + script + " up (minutes on a bare machine; log in " + state
                + "/java-up.log)");
        run(script, state, "up");
        Coordinates c = readEnvFile(envFile);
        LOG.info(() -> "OpenStack testbed: up at " + c.authUrl() + " after "
                + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) + " s");
        return c;
    }

    /** The state directory: {@code traverse.testbed.openstack.state} / {@code TRAVERSE_OPENSTACK_STATE} or the default. */
    public static Path stateDir() {
        return Path.of(setting("traverse.testbed.openstack.state", "TRAVERSE_OPENSTACK_STATE")
                .orElse(System.getProperty("user.home") + "/.cache/traverse/openstack"));
    }

    /** Reads an env file of {@code [export ]KEY=VALUE} lines (as {@code openstack-testbed.sh env} writes). */
    public static Coordinates readEnvFile(Path file) {
        Map<String, String> env = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                if (l.startsWith("export ")) {
                    l = l.substring(7).strip();
                }
                int eq = l.indexOf('=');
                if (eq > 0) {
                    env.put(l.substring(0, eq), unquote(l.substring(eq + 1).strip()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read OpenStack env file " + file, e);
        }
        String authUrl = required(env, "OS_AUTH_URL", file);
        String userDomain = env.getOrDefault("OS_USER_DOMAIN_NAME", "Default");
        String projectDomain = env.getOrDefault("OS_PROJECT_DOMAIN_NAME", "Default");
        Credentials member = new Credentials(required(env, "OS_USERNAME", file), required(env, "OS_PASSWORD", file),
                required(env, "OS_PROJECT_NAME", file), env.get("OS_PROJECT_ID"), userDomain, projectDomain);
        Credentials admin = env.containsKey("TRAVERSE_OS_ADMIN_USERNAME")
                ? new Credentials(env.get("TRAVERSE_OS_ADMIN_USERNAME"), env.get("TRAVERSE_OS_ADMIN_PASSWORD"),
                        env.get("TRAVERSE_OS_ADMIN_PROJECT_NAME"), env.get("TRAVERSE_OS_ADMIN_PROJECT_ID"),
                        userDomain, projectDomain)
                : null;
        Optional<Path> clouds = Optional.ofNullable(env.get("TRAVERSE_OS_CLOUDS_YAML")).map(Path::of)
                .filter(Files::isRegularFile);
        return new Coordinates(authUrl, env.getOrDefault("OS_REGION_NAME", "RegionOne"),
                env.getOrDefault("OS_INTERFACE", "public"), member, admin, file, clouds);
    }

    /** True when Keystone issues the member user a project-scoped token and every API port answers HTTP. */
    static boolean answers(Coordinates c) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        try {
            URI base = URI.create(c.authUrl());
            for (int port : new int[] {8778, 9292, 8774, 8776, 9696}) {
                if (!base.getHost().equals("127.0.0.1") && !base.getHost().equals("localhost")) {
                    break; // only the local testbed has these fixed ports
                }
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() >= 500) {
                    return false;
                }
            }
            Credentials m = c.member();
            String body = """
                    {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":%s,"password":%s,\
                    "domain":{"name":%s}}}},"scope":{"project":{"name":%s,"domain":{"name":%s}}}}}"""
                    .formatted(json(m.username()), json(m.password()), json(m.userDomain()), json(m.projectName()),
                            json(m.projectDomain()));
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(c.authUrl() + "/auth/tokens"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 201;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code openstack-testbed.sh <args>}; output goes to {@code $STATE/java-<first arg>.log}. */
    static void run(Path script, Path state, String... args) {
        try {
            Files.createDirectories(state);
            Path log = state.resolve("java-" + args[0] + ".log");
            ProcessBuilder pb = new ProcessBuilder();
            pb.command().add("bash");
            pb.command().add(script.toString());
            pb.command().addAll(List.of(args));
            pb.environment().put("TRAVERSE_OPENSTACK_STATE", state.toString());
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            Process p = pb.start();
            if (!p.waitFor(UP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroy(); // the script's own children are setsid'ed daemons; only the script itself is stopped
                throw new IllegalStateException(script + " " + String.join(" ", args) + " did not finish within "
                        + UP_TIMEOUT + "; see " + log);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(script + " " + String.join(" ", args) + " failed (exit "
                        + p.exitValue() + "); last lines of " + log + ":\n" + tail(log, 25)
                        + (isRoot() ? "" : "\n(`up` needs root: run `sudo " + script + " up` once; later test JVMs reuse it)"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the OpenStack testbed", e);
        }
    }

    /** Locates {@code openstack-testbed.sh}: setting, then a checkout above the working directory, then the classpath. */
    static Path script(Path state) {
        Optional<String> s = setting("traverse.testbed.openstack.script", "TRAVERSE_OPENSTACK_SCRIPT");
        if (s.isPresent()) {
            return Path.of(s.get());
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("testbed/openstack/openstack-testbed.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return extractFromClasspath(state.resolve("scripts"));
    }

    private static Path extractFromClasspath(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String f : SCRIPT_FILES) {
                try (InputStream in = OpenStackTestbed.class.getResourceAsStream(f)) {
                    if (in == null) {
                        throw new IllegalStateException("cannot find testbed/openstack/openstack-testbed.sh above "
                                + Path.of("").toAbsolutePath() + " nor io/traverse/testbed/openstack/" + f
                                + " on the classpath; set TRAVERSE_OPENSTACK_SCRIPT");
                    }
                    Path target = dir.resolve(f);
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            return dir.resolve("openstack-testbed.sh");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return Optional.ofNullable(v).filter(x -> !x.isBlank());
    }

    private static String required(Map<String, String> env, String key, Path file) {
        String v = env.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalStateException(file + " has no " + key);
        }
        return v;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("'") && v.endsWith("'") || v.startsWith("\"") && v.endsWith("\""))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
