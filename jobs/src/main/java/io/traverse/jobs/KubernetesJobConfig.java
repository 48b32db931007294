package io.traverse.jobs;

import java.util.Map;
import java.util.Optional;

/**
 * How a worker kind's Jobs are built. Services fill this from their {@code @ConfigMapping}.
 *
 * @param namespace               where the Jobs go
 * @param image                   the worker image (the same image as the dispatcher, run in command mode)
 * @param imagePullPolicy         IfNotPresent, Always or Never
 * @param serviceAccount          the Job's service account (its own, not the dispatcher's)
 * @param backoffLimit            pod retries before the Job fails
 * @param ttlSecondsAfterFinished how long a finished Job is kept for inspection
 * @param activeDeadlineSeconds   hard limit on the Job's run time, if any
 * @param cpuRequest              e.g. "500m"
 * @param memoryRequest           e.g. "512Mi"
 * @param cpuLimit                e.g. "2"
 * @param memoryLimit             e.g. "2Gi"
 * @param envSecret               Secret whose keys become environment variables (database, vCenter, OpenStack credentials)
 * @param extraEnv                plain environment for every Job of this kind
 * @param skeleton                the Job YAML skeleton: a file (e.g. the chart's, mounted from a ConfigMap) or a classpath
 *                                resource; what it sets wins over the fields above (see {@link JobFactory})
 */
public record KubernetesJobConfig(String namespace, String image, String imagePullPolicy, String serviceAccount,
                                  int backoffLimit, long ttlSecondsAfterFinished, Optional<Long> activeDeadlineSeconds,
                                  String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit,
                                  Optional<String> envSecret, Map<String, String> extraEnv, String skeleton) {

    public static final String DEFAULT_SKELETON = "/io/traverse/jobs/job.yaml";

    public KubernetesJobConfig {
        extraEnv = Map.copyOf(extraEnv);
    }
}
