package io.traverse.conversion.dispatch;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.traverse.conversion.config.ConversionConfig;
import io.traverse.jobs.JobFactory;
import io.traverse.jobs.JobLauncher;
import io.traverse.jobs.KubernetesJobConfig;
import io.traverse.jobs.KubernetesJobLauncher;
import io.traverse.jobs.LocalProcessJobLauncher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.Config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JobLauncher the configuration asks for ({@code traverse.conversion.launcher}): the shared one from module jobs. */
public class LauncherProducer {

    @Produces
    @ApplicationScoped
    JobLauncher launcher(ConversionConfig config, Config all) {
        return switch (config.launcher()) {
            case "kubernetes" -> new KubernetesJobLauncher(new KubernetesClientBuilder().build(),
                    new JobFactory(ConversionDispatcher.KIND, jobConfig(config)));
            case "local" -> new LocalProcessJobLauncher(ConversionDispatcher.KIND, localCommand(config), localEnv(all),
                    config.local().logDir());
            default -> throw new IllegalArgumentException("traverse.conversion.launcher must be kubernetes or local, not " + config.launcher());
        };
    }

    static KubernetesJobConfig jobConfig(ConversionConfig config) {
        ConversionConfig.Kubernetes k = config.kubernetes();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LIBGUESTFS_BACKEND", config.tools().libguestfsBackend());
        config.tools().libguestfsBackendSettings().ifPresent(s -> env.put("LIBGUESTFS_BACKEND_SETTINGS", s));
        env.putAll(k.env());
        return new KubernetesJobConfig(k.namespace(), k.image(), k.imagePullPolicy(), k.serviceAccount(), k.backoffLimit(),
                k.ttlSecondsAfterFinished(), k.activeDeadlineSeconds(), k.cpuRequest(), k.memoryRequest(), k.cpuLimit(),
                k.memoryLimit(), k.envSecret(), env, k.template());
    }

    /** The configured command, else this very application (java -jar .../quarkus-run.jar) in command mode. */
    static List<String> localCommand(ConversionConfig config) {
        return config.local().command().orElseGet(() -> {
            String java = ProcessHandle.current().info().command().orElse("java");
            String cp = System.getProperty("java.class.path", "");
            if (!cp.endsWith("quarkus-run.jar")) {
                throw new IllegalStateException("set traverse.conversion.local.command: not running from quarkus-run.jar");
            }
            return List.of(java, "-jar", Path.of(cp).toAbsolutePath().toString());
        });
    }

    /** The coordinates and settings a local Job needs, whatever source the dispatcher got them from. */
    static Map<String, String> localEnv(Config all) {
        Map<String, String> env = new LinkedHashMap<>();
        copy(all, "quarkus.datasource.jdbc.url", "TRAVERSE_DB_URL", env);
        copy(all, "quarkus.datasource.username", "TRAVERSE_DB_USER", env);
        copy(all, "quarkus.datasource.password", "TRAVERSE_DB_PASSWORD", env);
        copy(all, "kafka.bootstrap.servers", "KAFKA_BOOTSTRAP_SERVERS", env);
        for (String k : List.of("volumes.kind", "volumes.local-dir", "volumes.cinder-device-dir", "tools.libguestfs-backend",
                "tools.libguestfs-backend-settings", "tools.virtio-win", "source.discovery-url")) {
            copy(all, "traverse.conversion." + k, "TRAVERSE_CONVERSION_" + k.toUpperCase().replace('.', '_').replace('-', '_'), env);
        }
        for (String k : List.of("auth-url", "username", "password", "project", "user-domain", "project-domain", "region", "interface")) {
            copy(all, "traverse.openstack." + k, "TRAVERSE_OPENSTACK_" + k.toUpperCase().replace('-', '_'), env);
        }
        return env;
    }

    private static void copy(Config all, String key, String envName, Map<String, String> env) {
        all.getOptionalValue(key, String.class).ifPresent(v -> env.put(envName, v));
    }
}
