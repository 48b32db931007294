package io.traverse.migration.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.traverse.testbed.SharedTestbed;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real discovery-service — its built runner jar, {@code discovery-service/target/quarkus-app/quarkus-run.jar} —
 * as a process of its own against this JVM's testbed: the shared PostgreSQL (its own schema), the Kafka broker and
 * vcsim. migration-api's inventory and source clients are pointed at it, so a test sees the shapes the service really
 * serves, not a stand-in's. Its {@code migration.requested} consumer is switched off: the other test classes of this
 * JVM publish migration requests for VMs vcsim does not have, and those are no business of this service.
 *
 * <p>The jar is built by the reactor before migration-api's tests (migration-api's pom depends on discovery-service
 * for the build order only). Started once per use of this resource, stopped when Quarkus moves on to the next set of
 * resources or when the JVM ends. Its output goes to {@code target/real-discovery-service.log}.
 */
public class RealDiscoveryService implements QuarkusTestResourceLifecycleManager {

    private static Process process;
    private static String url;

    /** discovery-service's base URL, e.g. {@code http://127.0.0.1:40123}. */
    public static String url() {
        return url;
    }

    /**
     * {@code govc-lite args...} against the vcsim the service reads, for what the service itself refuses to do (e.g.
     * power off a protected VM). The shared vcsim lives in the system class loader; only JDK types cross.
     */
    public static String govc(String... args) {
        try {
            Class<?> shared = Class.forName(SharedTestbed.class.getName(), true, ClassLoader.getSystemClassLoader());
            Object vcsim = shared.getMethod("vcsim").invoke(null);
            return (String) vcsim.getClass().getMethod("govc", String[].class).invoke(vcsim, (Object) args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no shared vcsim to run govc-lite against", e);
        }
    }

    @Override
    public synchronized Map<String, String> start() {
        if (process == null || !process.isAlive()) {
            launch();
        }
        return Map.of("quarkus.rest-client.inventory.url", url, "quarkus.rest-client.source.url", url);
    }

    private static void launch() {
        Path jar = locate("discovery-service/target/quarkus-app/quarkus-run.jar");
        Path log = Path.of("target", "real-discovery-service.log").toAbsolutePath();
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.log.console.json.enabled=false",
                "-Dmp.messaging.incoming.migration-requested.enabled=false",
                "-Dtraverse.source.protected-vm-patterns=ffp-vdi-*,DC0_C1_RP0_VM14"));
        Map<String, String> config = new java.util.TreeMap<>();
        config.putAll(SharedTestbed.postgresConfig());
        config.putAll(SharedTestbed.kafkaConfig());
        config.putAll(SharedTestbed.vcsimConfig());
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar.toString()));
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start discovery-service from " + jar, e);
        }
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "stop-real-discovery-service"));
        url = "http://127.0.0.1:" + port;
        awaitReady(log);
    }

    private static void awaitReady(Path log) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("discovery-service exited with " + process.exitValue() + ":\n" + tail(log));
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    HttpResponse<String> vms = r.statusCode() != 200 ? r : http.send(HttpRequest.newBuilder(
                            URI.create(url + "/api/inventory/vms?size=1")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (vms.statusCode() == 200 && !vms.body().contains("\"total\":0")) {
                        return; // ready, and the first sync of vcsim is in the mirror
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroy();
        throw new IllegalStateException("discovery-service did not become ready in 3 minutes:\n" + tail(log));
    }

    @Override
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** A path of the checkout, from the module's directory (where surefire runs) or any parent. */
    private static Path locate(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(relative + " is not built: build it with the reactor, e.g. "
                + "./mvnw -pl migration-api -am verify (discovery-service is packaged before migration-api's tests)");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
