package io.traverse.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Builds one OCI image per Traverse component from its Quarkus fast-jar ({@code <module>/target/quarkus-app}) with
 * Jib, without a Docker daemon: onto the JRE base for the services, onto the tools base (nbdkit, nbdcopy, qemu-img,
 * virt-v2v) for the two workers whose image also runs their Jobs. Each image is written as an OCI tarball to
 * {@code <out>/<component>.tar}, or pushed to the registry when {@code traverse.image.push=true}.
 *
 * <p>Layers follow Quarkus' own (lib/boot, third-party lib/main, Traverse's own jars, app + quarkus), so a new
 * build of one service changes only its top layers.
 */
public final class BuildImages {

    /** Component → listening port (quarkus.http.port) and whether it runs on the tools base. */
    record Component(String name, int port, boolean tools) {
    }

    static final List<Component> COMPONENTS = List.of(
            new Component("migration-api", 8090, false),
            new Component("discovery-service", 8091, false),
            new Component("flavor-service", 8092, false),
            new Component("network-mapper", 8093, false),
            new Component("disk-transfer-worker", 8094, true),
            new Component("conversion-worker", 8095, true),
            new Component("launch-service", 8096, false),
            new Component("dashboard-ui", 8080, false));

    static final AbsoluteUnixPath HOME = AbsoluteUnixPath.get("/deployments");
    /** The non-root user of the base images (deploy/images/build-base.sh) and of the chart's securityContext. */
    static final String USER = "1001";

    public static void main(String[] args) throws Exception {
        Properties p = System.getProperties();
        Path repo = Path.of(require(p, "traverse.repo")).toAbsolutePath().normalize();
        Path out = Path.of(require(p, "traverse.image.out")).toAbsolutePath().normalize();
        String registry = p.getProperty("traverse.image.registry", "");
        String prefix = p.getProperty("traverse.image.prefix", "traverse");
        String tag = require(p, "traverse.image.tag");
        String base = require(p, "traverse.image.base");
        String toolsBase = require(p, "traverse.image.tools-base");
        boolean push = Boolean.parseBoolean(p.getProperty("traverse.image.push", "false"));
        String only = p.getProperty("traverse.image.only", "");
        Path cache = out.resolve("../jib-cache").normalize();
        Files.createDirectories(out);

        for (Component c : COMPONENTS) {
            if (!only.isBlank() && !List.of(only.split(",")).contains(c.name())) {
                continue;
            }
            Path app = repo.resolve(c.name()).resolve("target/quarkus-app");
            if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(app + "/quarkus-run.jar is missing: build the module first "
                        + "(./mvnw -Pimages package -DskipTests builds everything in order)");
            }
            String reference = (registry.isBlank() ? "" : registry + "/") + prefix + "/" + c.name() + ":" + tag;
            JibContainerBuilder builder = from(c.tools() ? toolsBase : base);
            layers(builder, app);
            builder.setFormat(ImageFormat.OCI)
                    .setUser(USER)
                    .setWorkingDirectory(HOME)
                    .setEntrypoint("java", "-jar", "/deployments/quarkus-run.jar")
                    .addExposedPort(Port.tcp(c.port()))
                    .addEnvironmentVariable("TRAVERSE_BIND_ADDRESS", "0.0.0.0")
                    .addEnvironmentVariable("HOME", "/deployments")
                    .addLabel("org.opencontainers.image.title", c.name())
                    .addLabel("org.opencontainers.image.version", tag)
                    .addLabel("org.opencontainers.image.description", "Traverse " + c.name())
                    .setCreationTime(Instant.now());
            if (c.tools()) {
                // libguestfs (virt-v2v) without libvirt: qemu directly, appliance cache on the writable volume.
                builder.addEnvironmentVariable("LIBGUESTFS_BACKEND", "direct");
            }
            Containerizer to = push
                    ? Containerizer.to(RegistryImage.named(reference).addCredentialRetriever(
                            CredentialRetrieverFactory.forImage(ImageReference.parse(reference), e -> {
                            }).dockerConfig()))
                    : Containerizer.to(TarImage.at(out.resolve(c.name() + ".tar")).named(reference));
            to.setToolName("traverse-images")
                    .setBaseImageLayersCache(cache.resolve("base"))
                    .setApplicationLayersCache(cache.resolve("app"));
            long start = System.nanoTime();
            JibContainer image = builder.containerize(to);
            System.out.printf("images: %s → %s (%s) in %d s%n", c.name(), push ? reference : out.resolve(c.name() + ".tar"),
                    image.getDigest(), (System.nanoTime() - start) / 1_000_000_000L);
        }
    }

    /** tar:///path (a docker-save tarball, e.g. from build-base.sh) or a registry reference. */
    static JibContainerBuilder from(String base) throws Exception {
        if (base.startsWith(Jib.TAR_IMAGE_PREFIX)) {
            Path tar = Path.of(base.substring(Jib.TAR_IMAGE_PREFIX.length()));
            if (!Files.isRegularFile(tar)) {
                throw new IllegalStateException("base image " + tar + " is missing: run deploy/images/build-base.sh "
                        + "(the images profile does unless -Dtraverse.image.build-base.skip=true), or set "
                        + "-Dtraverse.image.base / -Dtraverse.image.tools-base to images in your registry");
            }
            return Jib.from(TarImage.at(tar));
        }
        ImageReference ref = ImageReference.parse(base.startsWith(Jib.REGISTRY_IMAGE_PREFIX)
                ? base.substring(Jib.REGISTRY_IMAGE_PREFIX.length()) : base);
        return Jib.from(RegistryImage.named(ref).addCredentialRetriever(
                CredentialRetrieverFactory.forImage(ref, e -> {
                }).dockerConfig()));
    }

    /** Quarkus fast-jar, layered from the least to the most often changed. */
    static void layers(JibContainerBuilder builder, Path app) throws IOException {
        List<Path> traverseJars = new ArrayList<>();
        List<Path> thirdParty = new ArrayList<>();
        try (Stream<Path> jars = Files.list(app.resolve("lib/main"))) {
            jars.sorted().forEach(j -> (j.getFileName().toString().startsWith("io.traverse.") ? traverseJars : thirdParty).add(j));
        }
        builder.addFileEntriesLayer(directory("quarkus-boot-libs", app.resolve("lib/boot"), HOME.resolve("lib/boot")));
        builder.addFileEntriesLayer(files("quarkus-main-libs", thirdParty, HOME.resolve("lib/main")));
        builder.addFileEntriesLayer(files("traverse-libs", traverseJars, HOME.resolve("lib/main")));
        FileEntriesLayer.Builder top = FileEntriesLayer.builder().setName("quarkus-app");
        for (String part : List.of("quarkus-run.jar", "app", "quarkus")) {
            Path source = app.resolve(part);
            if (Files.isDirectory(source)) {
                addRecursive(top, source, HOME.resolve(part));
            } else if (Files.isRegularFile(source)) {
                top.addEntry(source, HOME.resolve(part));
            }
        }
        builder.addFileEntriesLayer(top.build());
    }

    private static FileEntriesLayer directory(String name, Path dir, AbsoluteUnixPath target) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        addRecursive(layer, dir, target);
        return layer.build();
    }

    private static FileEntriesLayer files(String name, List<Path> files, AbsoluteUnixPath dir) {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        files.forEach(f -> layer.addEntry(f, dir.resolve(f.getFileName().toString())));
        return layer.build();
    }

    private static void addRecursive(FileEntriesLayer.Builder layer, Path dir, AbsoluteUnixPath target) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted().toList()) {
                if (Files.isRegularFile(p)) {
                    layer.addEntry(p, target.resolve(dir.relativize(p).toString()));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String require(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("-D" + key + " is required");
        }
        return value;
    }

    static Map<String, Component> byName() {
        Map<String, Component> map = new java.util.LinkedHashMap<>();
        COMPONENTS.forEach(c -> map.put(c.name(), c));
        return map;
    }
}
