package io.traverse.testbed.keycloak;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.traverse.testbed.Ports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real Keycloak (the server distribution {@code org.keycloak:keycloak-quarkus-dist}, from the Maven registry) as the
 * identity provider of the tests: realm {@value #REALM} with the roles viewer, operator and admin, one user per role
 * ({@link User}) and two clients, the dashboard gateway's ({@value #DASHBOARD_CLIENT}, authorization code flow) and
 * migration-api's ({@value #API_CLIENT}, which also hands out tokens for a user name and password, for tests and
 * scripts). Development-file database (H2), plain HTTP on 127.0.0.1 and a free port.
 *
 * <p>Keycloak's start is expensive on a small machine, so the costly parts happen once per machine and are cached in
 * {@code ~/.cache/traverse/keycloak/<version>} ({@code TRAVERSE_KEYCLOAK_CACHE}): the zip is unpacked and its server
 * built ({@code kc.sh build}, ~1.5 min), and a database with the realm imported is kept as a template (~1 min). A
 * start then copies the template into its own home directory and runs {@code start --optimized} (~20 s). Each instance
 * has its own home (configuration, database, logs; the libraries are the cache's), so test JVMs of several builds
 * can run Keycloaks side by side. A watchdog stops Keycloak when the JVM that started it dies.
 */
public final class Keycloak implements AutoCloseable {

    public static final String REALM = "traverse";
    public static final String DASHBOARD_CLIENT = "traverse-dashboard";
    public static final String DASHBOARD_SECRET = "traverse-dashboard-secret-for-tests-only";
    public static final String API_CLIENT = "traverse-migration-api";
    public static final String API_SECRET = "traverse-migration-api-secret";
    /** Points at the distribution zip (or an unpacked distribution) instead of the local Maven repository's. */
    public static final String DIST_ENV = "TRAVERSE_KEYCLOAK_DIST";
    private static final String REALM_RESOURCE = "/io/traverse/testbed/keycloak/traverse-realm.json";
    private static final List<String> BUILD_OPTIONS = List.of("--db=dev-file", "--cache=local", "--health-enabled=false",
            "--metrics-enabled=false");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The test realm's users: one per role. */
    public enum User {
        VIEWER("vic", "viewer"), OPERATOR("olivia", "operator"), ADMIN("ada", "admin");

        private final String username;
        private final String role;

        User(String username, String role) {
            this.username = username;
            this.role = role;
        }

        public String username() {
            return username;
        }

        public String password() {
            return username + "-pass";
        }

        public String role() {
            return role;
        }
    }

    private final Process process;
    private final Path home;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Keycloak(Process process, Path home, int port) {
        this.process = process;
        this.home = home;
        this.port = port;
    }

    /** The distribution's version, the one the build resolves ({@code keycloak.version} in the parent pom). */
    public static String version() {
        try (InputStream in = Keycloak.class.getResourceAsStream("/io/traverse/testbed/keycloak/keycloak.properties")) {
            Properties p = new Properties();
            p.load(Objects.requireNonNull(in, "keycloak.properties missing from the testbed jar"));
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a Keycloak with the test realm on a free port and waits until the realm answers. */
    public static Keycloak start() {
        String version = version();
        Path cache = cacheRoot().resolve(version);
        try {
            Files.createDirectories(cache);
            Path dist;
            Path template;
            try (FileChannel lockFile = FileChannel.open(cache.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                dist = builtDistribution(version, cache);
                template = realmTemplate(dist, cache);
            }
            Path home = Files.createTempDirectory("traverse-keycloak");
            prepareHome(home, dist);
            copyTree(template, home.resolve("data/h2"));
            return launch(dist, home, false, Duration.ofMinutes(4));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Keycloak " + version, e);
        }
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The realm's issuer URL, what {@code quarkus.oidc.auth-server-url} takes: {@code http://127.0.0.1:<port>/realms/traverse}. */
    public String realmUrl() {
        return url() + "/realms/" + REALM;
    }

    public int port() {
        return port;
    }

    /** An access token of the user (resource owner password grant through migration-api's client). */
    public String accessToken(User user) {
        return accessToken(realmUrl(), user.username(), user.password());
    }

    /**
     * An access token from the test realm at {@code realmUrl} (what {@link KeycloakTestResource} hands a test as
     * {@code traverse.keycloak.realm-url}) for a user name and password; fails with Keycloak's answer when it refuses.
     * Static, so a test in Quarkus' class loader needs no handle on the instance.
     */
    public static String accessToken(String realmUrl, String username, String password) {
        String form = "grant_type=password&client_id=" + enc(API_CLIENT) + "&client_secret=" + enc(API_SECRET)
                + "&username=" + enc(username) + "&password=" + enc(password) + "&scope=openid";
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token for " + username + ": " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@link #accessToken(String, String, String)} for one of the realm's users. */
    public static String accessToken(String realmUrl, User user) {
        return accessToken(realmUrl, user.username(), user.password());
    }

    /** Keycloak's own log of this instance. */
    public Path log() {
        return home.resolve("keycloak.log");
    }

    @Override
    public void close() {
        stop(process);
        deleteTree(home);
    }

    @Override
    public String toString() {
        return "Keycloak " + realmUrl() + " (pid " + process.pid() + ", home " + home + ")";
    }

    // ------------------------------------------------------------------ the cached distribution and realm template

    private static Path cacheRoot() {
        String env = System.getenv("TRAVERSE_KEYCLOAK_CACHE");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "traverse", "keycloak");
    }

    /** The unpacked distribution, built once for a dev-file database and a local cache. */
    private static Path builtDistribution(String version, Path cache) throws IOException {
        Path dist = cache.resolve("dist");
        Path marker = cache.resolve("dist.built");
        String buildKey = String.join(" ", BUILD_OPTIONS);
        if (Files.isRegularFile(marker) && Files.readString(marker).equals(buildKey) && Files.isDirectory(dist)) {
            return dist;
        }
        long t0 = System.nanoTime();
        deleteTree(dist);
        Path tmp = cache.resolve("dist.tmp");
        deleteTree(tmp);
        unzip(distributionZip(version), tmp);
        Files.move(tmp, dist, StandardCopyOption.ATOMIC_MOVE);
        List<String> cmd = javaCommand(dist);
        cmd.add("build");
        cmd.addAll(BUILD_OPTIONS);
        Path log = cache.resolve("build.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        try {
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("kc.sh build failed; log: " + tail(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Files.writeString(marker, buildKey);
        System.err.printf("testbed: Keycloak %s unpacked and built in %d s (%s)%n", version,
                (System.nanoTime() - t0) / 1_000_000_000, dist);
        return dist;
    }

    /** A database with the test realm imported, copied by every start (importing takes most of a first start). */
    private static Path realmTemplate(Path dist, Path cache) throws IOException {
        byte[] realm = realmJson();
        Path template = cache.resolve("realm-" + sha256(realm).substring(0, 12));
        if (Files.isDirectory(template)) {
            return template;
        }
        long t0 = System.nanoTime();
        Path home = Files.createTempDirectory("traverse-keycloak-template");
        try {
            prepareHome(home, dist);
            Files.createDirectories(home.resolve("data/import"));
            Files.write(home.resolve("data/import/traverse-realm.json"), realm);
            Keycloak first = launch(dist, home, true, Duration.ofMinutes(8));
            stop(first.process);
            Path tmp = cache.resolve(template.getFileName() + ".tmp");
            deleteTree(tmp);
            copyTree(home.resolve("data/h2"), tmp);
            Files.move(tmp, template, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(home);
        }
        System.err.printf("testbed: Keycloak realm template made in %d s (%s)%n", (System.nanoTime() - t0) / 1_000_000_000, template);
        return template;
    }

    private static byte[] realmJson() throws IOException {
        try (InputStream in = Keycloak.class.getResourceAsStream(REALM_RESOURCE)) {
            return Objects.requireNonNull(in, REALM_RESOURCE + " missing").readAllBytes();
        }
    }

    /** Where the build put the zip: $TRAVERSE_KEYCLOAK_DIST, else the local Maven repository. */
    private static Path distributionZip(String version) {
        String env = System.getenv(DIST_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String repo = System.getProperty("maven.repo.local");
        Path base = repo != null && !repo.isBlank() ? Path.of(repo) : Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path zip = base.resolve("org/keycloak/keycloak-quarkus-dist/" + version + "/keycloak-quarkus-dist-" + version + ".zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing. A module whose tests use Keycloak declares "
                    + "org.keycloak:keycloak-quarkus-dist:" + version + ":zip as a test dependency, so Maven fetches it; "
                    + "or fetch it by hand: ./mvnw dependency:get -Dartifact=org.keycloak:keycloak-quarkus-dist:" + version
                    + ":zip -Dtransitive=false (or set " + DIST_ENV + ")");
        }
        return zip;
    }

    // ------------------------------------------------------------------ one instance

    /** A home of its own: the cache's libraries (a link), empty conf/providers/themes, its own data. */
    private static void prepareHome(Path home, Path dist) throws IOException {
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("providers"));
        Files.createDirectories(home.resolve("themes"));
        Files.createDirectories(home.resolve("data"));
        Files.createSymbolicLink(home.resolve("lib"), dist.resolve("lib").toAbsolutePath());
    }

    private static Keycloak launch(Path dist, Path home, boolean importRealm, Duration timeout) throws IOException {
        int port = Ports.free();
        List<String> cmd = javaCommand(home);
        cmd.addAll(List.of("start", "--optimized", "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + port,
                "--hostname-strict=false", "--cache=local", "--log-console-output=default"));
        if (importRealm) {
            cmd.add("--import-realm");
        }
        Path log = home.resolve("keycloak.log");
        Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        watchdog(p);
        Keycloak kc = new Keycloak(p, home, port);
        try {
            kc.awaitRealm(timeout);
        } catch (RuntimeException e) {
            stop(p);
            throw e;
        }
        return kc;
    }

    private void awaitRealm(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI wellKnown = URI.create(realmUrl() + "/.well-known/openid-configuration");
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; log: " + tail(log()));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(wellKnown).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + r.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Keycloak's realm did not answer within " + timeout.toSeconds() + " s (" + last
                + "); log: " + tail(log()));
    }

    /** What kc.sh runs, with a small heap and a quick-starting JIT (tests, not production load). */
    private static List<String> javaCommand(Path home) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dfile.encoding=UTF-8",
                "-Dkc.home.dir=" + home.toAbsolutePath(), "-Djboss.server.config.dir=" + home.resolve("conf").toAbsolutePath(),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-Dpicocli.disable.closures=true",
                "-Duser.language=en", "-Duser.country=US",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.base/java.security=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED",
                "-cp", home.resolve("lib/quarkus-run.jar").toAbsolutePath().toString(),
                "io.quarkus.bootstrap.runner.QuarkusEntryPoint"));
        return cmd;
    }

    /** Stops Keycloak when this JVM dies without closing it (SIGKILL skips shutdown hooks). */
    private static void watchdog(Process keycloak) {
        long me = ProcessHandle.current().pid();
        String script = "while kill -0 " + me + " 2>/dev/null && kill -0 " + keycloak.pid() + " 2>/dev/null; do sleep 3; done; "
                + "kill " + keycloak.pid() + " 2>/dev/null; exit 0";
        try {
            new ProcessBuilder("bash", "-c", script).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().getOutputStream().close();
        } catch (IOException e) {
            System.err.println("testbed: no watchdog for Keycloak (" + e.getMessage() + "); it stops with this JVM's shutdown hook only");
        }
    }

    private static void stop(Process p) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy(); // SIGTERM: Quarkus shuts down and closes the H2 file cleanly
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    // ------------------------------------------------------------------ files

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            var entries = z.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                int slash = name.indexOf('/');
                String inner = slash < 0 ? "" : name.substring(slash + 1); // drop keycloak-<version>/
                if (inner.isEmpty()) {
                    continue;
                }
                Path target = into.resolve(inner).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the target: " + name);
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = z.getInputStream(e)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) { // does not follow the lib link into the cache
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("testbed: could not delete " + dir + ": " + e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return log + "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return log.toString();
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
