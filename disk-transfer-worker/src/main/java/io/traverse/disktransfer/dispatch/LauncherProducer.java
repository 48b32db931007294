package io.traverse.disktransfer.dispatch;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.traverse.disktransfer.config.DiskTransferConfig;
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

/** The JobLauncher the configuration asks for ({@code traverse.disk-transfer.launcher}). */
public class LauncherProducer {

    @Produces
    @ApplicationScoped
    JobLauncher launcher(DiskTransferConfig config, Config all) {
        return switch (config.launcher()) {
            case "kubernetes" -> {
                DiskTransferConfig.Kubernetes k = config.kubernetes();
                KubernetesJobConfig jc = new KubernetesJobConfig(k.namespace(), k.image(), k.imagePullPolicy(), k.serviceAccount(),
                        k.backoffLimit(), k.ttlSecondsAfterFinished(), k.activeDeadlineSeconds(), k.cpuRequest(), k.memoryRequest(),
                        k.cpuLimit(), k.memoryLimit(), k.envSecret(), k.env(), k.template());
                yield new KubernetesJobLauncher(new KubernetesClientBuilder().build(), new JobFactory(SyncDispatcher.KIND, jc));
            }
            case "local" -> new LocalProcessJobLauncher(SyncDispatcher.KIND, localCommand(config), localEnv(all), config.local().logDir(),
                    config.local().backoffLimit(), config.local().retryDelay());
            default -> throw new IllegalArgumentException("traverse.disk-transfer.launcher must be kubernetes or local, not " + config.launcher());
        };
    }

    /** The configured command, else this very application (java -jar .../quarkus-run.jar) in command mode. */
    static List<String> localCommand(DiskTransferConfig config) {
        return config.local().command().orElseGet(() -> {
            String java = ProcessHandle.current().info().command().orElse("java");
            String cp = System.getProperty("java.class.path", "");
            if (!cp.endsWith("quarkus-run.jar")) {
                throw new IllegalStateException("set traverse.disk-transfer.local.command: not running from quarkus-run.jar");
            }
            return List.of(java, "-jar", Path.of(cp).toAbsolutePath().toString());
        });
    }

    /** The coordinates a local Job needs, whatever source the dispatcher got them from (environment, test resources). */
    static Map<String, String> localEnv(Config all) {
        Map<String, String> env = new LinkedHashMap<>();
        copy(all, "quarkus.datasource.jdbc.url", "TRAVERSE_DB_URL", env);
        copy(all, "quarkus.datasource.username", "TRAVERSE_DB_USER", env);
        copy(all, "quarkus.datasource.password", "TRAVERSE_DB_PASSWORD", env);
        copy(all, "kafka.bootstrap.servers", "KAFKA_BOOTSTRAP_SERVERS", env);
        for (String k : List.of("url", "username", "password", "insecure")) {
            copy(all, "traverse.vcenter." + k, "TRAVERSE_VCENTER_" + k.toUpperCase(), env);
        }
        copy(all, "traverse.disk-transfer.volumes-dir", "TRAVERSE_DISK_TRANSFER_VOLUMES_DIR", env);
        return env;
    }

    private static void copy(Config all, String key, String envName, Map<String, String> env) {
        all.getOptionalValue(key, String.class).ifPresent(v -> env.put(envName, v));
    }
}
