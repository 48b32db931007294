package io.traverse.conversion.dispatch;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.traverse.conversion.config.ConversionConfig;
import io.traverse.jobs.JobFactory;
import io.traverse.jobs.JobSpec;
import io.traverse.jobs.KubernetesJobConfig;
import io.traverse.testbed.TraverseTestbed;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Job the dispatcher creates on Kubernetes from the service's configuration, through the shared JobFactory. */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
class ConversionJobManifestTest {

    @Inject
    ConversionConfig config;

    @Test
    void theJobRunsThisImageInCommandModeWithLibguestfsDirectAndNoRetries() {
        KubernetesJobConfig jc = LauncherProducer.jobConfig(config);
        UUID migration = UUID.randomUUID();
        Job job = new JobFactory(ConversionDispatcher.KIND, jc).create(new JobSpec(ConversionDispatcher.jobName(migration, 1),
                ConversionDispatcher.KIND, migration, "vm-42", List.of("convert", "--migration", migration.toString(), "--round", "1"), Map.of()));

        assertEquals(0, job.getSpec().getBackoffLimit(), "a conversion is not resumable: the dispatcher reports the failure");
        assertEquals(14400L, job.getSpec().getActiveDeadlineSeconds());
        assertEquals("traverse", job.getMetadata().getNamespace());
        assertEquals("conversion", job.getMetadata().getLabels().get("app.kubernetes.io/component"));
        var c = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertEquals("traverse/conversion-worker:latest", c.getImage());
        assertEquals(List.of("convert", "--migration", migration.toString(), "--round", "1"), c.getArgs());
        assertEquals("direct", c.getEnv().stream().filter(e -> e.getName().equals("LIBGUESTFS_BACKEND")).findFirst().orElseThrow().getValue());
        assertEquals("4Gi", c.getResources().getLimits().get("memory").toString());
    }

    @Test
    void withoutTheChartTheBuiltInSkeletonIsUsedAndNoCredentialsSecretIsReferenced() {
        KubernetesJobConfig jc = LauncherProducer.jobConfig(config);
        assertEquals(KubernetesJobConfig.DEFAULT_SKELETON, jc.skeleton());
        // a default Secret name would make every Job fail with CreateContainerConfigError where no such Secret exists
        assertTrue(jc.envSecret().isEmpty());
    }
}
