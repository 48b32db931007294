package io.traverse.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The chart under test, driven through helm-java (Helm 3 as a library): lint, template, parse with fabric8. */
final class Chart {

    static final Path DEPLOY = Path.of(System.getProperty("traverse.deploy.dir", ".")).toAbsolutePath().normalize();
    static final Path CHART = DEPLOY.resolve("helm/traverse");
    static final Path REPO = DEPLOY.getParent();
    static final String RELEASE = "traverse";
    static final String NAMESPACE = "migration";
    /** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion); helm-java defaults to 1.20. */
    static final String KUBE_VERSION = "v1.25.0";

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Chart() {
    }

    static Path values(String relativeToDeploy) {
        return DEPLOY.resolve(relativeToDeploy);
    }

    /** {@code helm template} with these values files, in order (later ones win, as with {@code -f}). */
    static String template(Path... valuesFiles) {
        TemplateCommand command = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (Path values : valuesFiles) {
            command = command.withValuesFile(values);
        }
        return command.call();
    }

    static List<HasMetadata> render(Path... valuesFiles) {
        return parse(template(valuesFiles));
    }

    /** Splits a multi-document YAML stream and parses each document into the fabric8 model. */
    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            boolean empty = document.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"));
            if (!empty) {
                objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
            }
        }
        return objects;
    }

    /**
     * {@code helm lint --strict} with these values. helm-java's lint takes no values file, so the chart is copied
     * and its values.yaml replaced by the chart's defaults deep-merged with the given files, which is what
     * {@code helm lint -f} does.
     */
    static LintResult lint(String name, Path... valuesFiles) {
        Path copy = DEPLOY.resolve("target/helm-lint").resolve(name).resolve("traverse");
        copyTree(CHART, copy);
        Yaml yaml = new Yaml();
        Map<String, Object> merged = readYaml(yaml, CHART.resolve("values.yaml"));
        for (Path values : valuesFiles) {
            merged = merge(merged, readYaml(yaml, values));
        }
        write(copy.resolve("values.yaml"), yaml.dump(merged));
        return new Helm(copy).lint().strict().call();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> result = new LinkedHashMap<>(base);
        override.forEach((key, value) -> {
            Object existing = result.get(key);
            if (existing instanceof Map<?, ?> e && value instanceof Map<?, ?> v) {
                result.put(key, merge((Map<String, Object>) e, (Map<String, Object>) v));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }

    static Map<String, Object> readYaml(Yaml yaml, Path file) {
        try (var in = Files.newInputStream(file)) {
            Map<String, Object> map = yaml.load(in);
            return map == null ? new LinkedHashMap<>() : map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            if (Files.exists(to)) {
                try (Stream<Path> old = Files.walk(to)) {
                    old.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
                }
            }
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(String... lines) {
        return Arrays.asList(lines);
    }
}
