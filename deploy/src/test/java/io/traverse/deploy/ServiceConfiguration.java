package io.traverse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a module's configuration really reads, from its own sources: the environment variables its
 * {@code application.properties} references, the keys it sets there, the keys of its {@code @ConfigMapping}
 * interfaces (and those of openstack-support when it depends on it), and the keys it looks up by name. Each key is
 * also readable as an environment variable (Quarkus: every non-alphanumeric character becomes {@code _}, upper case).
 */
final class ServiceConfiguration {

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:([^}]*))?}");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
    private static final Pattern LOOKUP = Pattern.compile("get(?:Optional)?Value\\(\"(traverse\\.[a-z0-9.-]+)\"");
    private static final Pattern INTERFACE = Pattern.compile("^\\s*(?:public\\s+)?interface\\s+(\\w+)");
    private static final Pattern ACCESSOR = Pattern.compile("^\\s*(?:default\\s+)?([\\w.]+(?:<[^()]*>)?)\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\"([^\"]+)\"\\)");

    final String module;
    final Properties properties;
    /** Environment variables a property references without a default, or whose default only works on a laptop. */
    final Set<String> requiredEnv = new TreeSet<>();
    /** Every environment variable name this module reads. */
    final Set<String> knownEnv = new TreeSet<>();
    /** Whether it has Kafka channels: then every KAFKA_* variable is a Kafka client property (kafka.*). */
    final boolean usesKafka;

    private ServiceConfiguration(String module) {
        this.module = module;
        this.properties = load(Chart.REPO.resolve(module).resolve("src/main/resources/application.properties"));
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key);
            String profile = key.startsWith("%") ? key.substring(1, key.indexOf('.')) : "";
            String bare = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            knownEnv.add(env(bare));
            Matcher m = ENV_REFERENCE.matcher(value);
            while (m.find()) {
                knownEnv.add(m.group(1));
                boolean production = profile.isEmpty() || profile.equals("prod");
                boolean noDefault = m.group(2) == null;
                boolean laptopDefault = !noDefault && (m.group(3).contains("127.0.0.1") || m.group(3).contains("localhost"));
                if (production && (noDefault || laptopDefault)) {
                    requiredEnv.add(m.group(1));
                }
            }
        }
        usesKafka = properties.stringPropertyNames().stream().anyMatch(k -> k.startsWith("mp.messaging."));
        List<Path> sources = sourceRoots(module);
        for (Path root : sources) {
            javaFiles(root).forEach(file -> {
                String text = Chart.read(file);
                Matcher mapping = MAPPING.matcher(text);
                if (mapping.find()) {
                    mappingKeys(mapping.group(1), text).forEach(k -> knownEnv.add(env(k)));
                }
                Matcher lookup = LOOKUP.matcher(text);
                while (lookup.find()) {
                    knownEnv.add(env(lookup.group(1)));
                }
            });
        }
    }

    private static final Map<String, ServiceConfiguration> CACHE = new HashMap<>();

    static synchronized ServiceConfiguration of(String module) {
        return CACHE.computeIfAbsent(module, ServiceConfiguration::new);
    }

    /** The environment variable Quarkus reads for a configuration key. */
    static String env(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    boolean reads(String envName) {
        return knownEnv.contains(envName) || (usesKafka && envName.startsWith("KAFKA_"));
    }

    /** The module's own main sources and those of the shared configuration modules it depends on. */
    private static List<Path> sourceRoots(String module) {
        List<Path> roots = new java.util.ArrayList<>();
        roots.add(Chart.REPO.resolve(module).resolve("src/main/java"));
        String pom = Chart.read(Chart.REPO.resolve(module).resolve("pom.xml"));
        if (pom.contains("<artifactId>openstack-support</artifactId>")) {
            roots.add(Chart.REPO.resolve("openstack-support/src/main/java"));
        }
        return roots;
    }

    private static List<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The keys of one {@code @ConfigMapping} interface: its accessors, nested groups (an accessor whose type is a
     * nested interface) followed into, {@code @WithName} and {@code @WithParentName} honoured.
     */
    static Set<String> mappingKeys(String prefix, String source) {
        // interface name → its accessors (name as configured, type)
        Map<String, Map<String, String>> interfaces = new LinkedHashMap<>();
        Deque<String> open = new ArrayDeque<>();
        Deque<Integer> depthAtOpen = new ArrayDeque<>();
        int depth = 0;
        String pendingName = null;
        boolean parentName = false;
        String root = null;
        for (String line : source.lines().toList()) {
            Matcher iface = INTERFACE.matcher(line);
            if (iface.find()) {
                open.push(iface.group(1));
                depthAtOpen.push(depth);
                interfaces.putIfAbsent(iface.group(1), new LinkedHashMap<>());
                if (root == null) {
                    root = iface.group(1);
                }
            }
            Matcher withName = WITH_NAME.matcher(line);
            if (withName.find()) {
                pendingName = withName.group(1);
            }
            if (line.contains("@WithParentName")) {
                parentName = true;
            }
            Matcher accessor = ACCESSOR.matcher(line);
            if (accessor.find() && !open.isEmpty() && !line.contains("return")) {
                String name = parentName ? "" : pendingName != null ? pendingName : kebab(accessor.group(2));
                interfaces.get(open.peek()).put(name, accessor.group(1));
                pendingName = null;
                parentName = false;
            }
            for (char ch : line.toCharArray()) {
                if (ch == '{') {
                    depth++;
                } else if (ch == '}') {
                    depth--;
                    if (!depthAtOpen.isEmpty() && depth == depthAtOpen.peek()) {
                        open.pop();
                        depthAtOpen.pop();
                    }
                }
            }
        }
        Set<String> keys = new TreeSet<>();
        collect(prefix, root, interfaces, keys, 0);
        return keys;
    }

    private static void collect(String path, String iface, Map<String, Map<String, String>> interfaces, Set<String> keys, int level) {
        if (iface == null || level > 5) {
            return;
        }
        interfaces.get(iface).forEach((name, type) -> {
            String full = name.isEmpty() ? path : path + "." + name;
            String bare = type.replaceAll("^Optional<(.*)>$", "$1");
            if (interfaces.containsKey(bare)) {
                collect(full, bare, interfaces, keys, level + 1);
            } else {
                keys.add(full);
            }
        });
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
