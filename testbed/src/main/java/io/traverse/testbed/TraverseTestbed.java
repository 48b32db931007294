package io.traverse.testbed;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The one test resource a Traverse service needs: {@code @WithTestResource(TraverseTestbed.class)} gives it the test
 * JVM's PostgreSQL and Kafka (all {@code Topics.ALL} topics created). Add vcsim with
 * {@code @WithTestResource(value = TraverseTestbed.class, initArgs = @ResourceArg(name = TraverseTestbed.VCSIM, value = "true"))}
 * or use {@link TraverseTestbedWithVcsim}.
 *
 * <p>Returned keys: those of {@link PostgresTestResource}, {@link KafkaTestResource} and, with vcsim,
 * {@link VcsimTestResource}. Everything is started once per JVM and stopped when the JVM exits, not in {@link #stop()}.
 */
public class TraverseTestbed implements QuarkusTestResourceLifecycleManager {

    /** Init arg: "true" also starts vcsim. */
    public static final String VCSIM = "vcsim";

    private boolean withVcsim;

    public TraverseTestbed() {
        this(false);
    }

    protected TraverseTestbed(boolean withVcsim) {
        this.withVcsim = withVcsim;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        withVcsim = withVcsim || Boolean.parseBoolean(initArgs.getOrDefault(VCSIM, "false"));
    }

    @Override
    public Map<String, String> start() {
        // start the components side by side: Kafka takes the longest, PostgreSQL and vcsim fit in its shadow
        CompletableFuture<Map<String, String>> kafka = CompletableFuture.supplyAsync(SharedTestbed::kafkaConfig);
        CompletableFuture<Map<String, String>> vcsim = withVcsim
                ? CompletableFuture.supplyAsync(SharedTestbed::vcsimConfig)
                : CompletableFuture.completedFuture(Map.of());
        Map<String, String> config = new HashMap<>(SharedTestbed.postgresConfig());
        try {
            config.putAll(kafka.join());
            config.putAll(vcsim.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
        return config;
    }

    @Override
    public void stop() {
        // shared for the whole JVM; SharedTestbed stops everything at exit
    }
}
