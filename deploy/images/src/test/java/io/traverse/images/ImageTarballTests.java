package io.traverse.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opens every image tarball the build wrote (OCI layout: index.json → manifest → config + layers) and checks what
 * a cluster relies on: non-root user, the fast-jar entrypoint, the port, the layers holding the application, and
 * for the two worker images the disk tools their Jobs run.
 */
class ImageTarballTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path OUT = Path.of(System.getProperty("traverse.image.out", "target/images"));

    /** Files the Jobs execute (ARCHITECTURE.md §4–5), relative to the image root. */
    static final List<String> TOOLS = List.of("usr/bin/nbdkit", "usr/bin/nbdcopy", "usr/bin/nbdinfo", "usr/bin/qemu-img",
            "usr/bin/virt-v2v", "usr/bin/virt-v2v-in-place", "usr/bin/java");
    /**
     * nbdkit plugins: vddk for Pipeline A (Debian's nbdkit-plugin-vddk from contrib; it loads the user's VDDK at run
     * time, and build-base.sh checks that nbdkit loads it), curl for Pipeline B (the datastore HTTP file API), file
     * and nbd.
     */
    static final List<String> NBDKIT_PLUGINS = List.of("nbdkit-vddk-plugin.so", "nbdkit-curl-plugin.so", "nbdkit-file-plugin.so",
            "nbdkit-nbd-plugin.so");

    @Test
    void everyImageShouldRunTheServiceAsNonRootFromItsFastJar() throws IOException {
        Assumptions.assumeFalse(Boolean.getBoolean("traverse.image.push"), "images were pushed, not written as tarballs");
        String only = System.getProperty("traverse.image.only", "");
        int checked = 0;
        for (BuildImages.Component c : BuildImages.COMPONENTS) {
            if (!only.isBlank() && !List.of(only.split(",")).contains(c.name())) {
                continue;
            }
            Image image = Image.read(OUT.resolve(c.name() + ".tar"));
            JsonNode config = image.config.get("config");
            assertEquals("1001", config.get("User").asText(), c.name());
            assertEquals(List.of("java", "-jar", "/deployments/quarkus-run.jar"),
                    JSON.convertValue(config.get("Entrypoint"), List.class), c.name());
            assertTrue(config.get("ExposedPorts").has(c.port() + "/tcp"), c.name());
            assertTrue(env(config).contains("TRAVERSE_BIND_ADDRESS=0.0.0.0"), c.name());
            assertEquals("amd64", image.config.get("architecture").asText());

            Set<String> files = image.files();
            assertTrue(files.contains("deployments/quarkus-run.jar"), c.name());
            assertTrue(files.contains("deployments/quarkus/quarkus-application.dat"), c.name());
            assertTrue(files.stream().anyMatch(f -> f.startsWith("deployments/app/") && f.endsWith(".jar")), c.name());
            if (!c.name().equals("dashboard-ui")) {
                assertTrue(files.stream().anyMatch(f -> f.startsWith("deployments/lib/main/io.traverse.events-")), c.name());
            }
            assertTrue(files.contains("usr/bin/java") || files.stream().anyMatch(f -> f.endsWith("/bin/java")), c.name() + " has a JRE");
            assertTrue(image.passwd.contains(":1001:"), c.name() + " knows user 1001");

            if (c.tools()) {
                for (String tool : TOOLS) {
                    assertTrue(files.contains(tool), c.name() + " lacks " + tool);
                }
                for (String plugin : NBDKIT_PLUGINS) {
                    assertTrue(files.stream().anyMatch(f -> f.contains("/nbdkit/plugins/") && f.endsWith(plugin)),
                            c.name() + " lacks " + plugin);
                }
                assertTrue(files.stream().anyMatch(f -> f.startsWith("boot/vmlinuz-")), c.name() + " has a kernel for libguestfs");
                assertTrue(env(config).contains("LIBGUESTFS_BACKEND=direct"), c.name());
            } else {
                assertTrue(!files.contains("usr/bin/qemu-img"), c.name() + " stays small: no disk tools");
            }
            checked++;
        }
        assertTrue(checked > 0, "no image checked");
    }

    private static List<String> env(JsonNode config) {
        return JSON.convertValue(config.get("Env"), List.class);
    }

    /** One image tarball: its config, the union of its layers' paths, and /etc/passwd. */
    record Image(JsonNode config, List<String> layers, Path tar, Set<String> files, String passwd) {

        static Image read(Path tar) throws IOException {
            Map<String, byte[]> small = new HashMap<>();
            try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tar)))) {
                for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                    if (e.getSize() < 1_000_000) {
                        small.put(e.getName(), in.readAllBytes());
                    }
                }
            }
            assertTrue(small.containsKey("oci-layout"), tar + " is an OCI image layout");
            JsonNode index = JSON.readTree(small.get("index.json"));
            JsonNode manifest = JSON.readTree(small.get(blob(index.get("manifests").get(0).get("digest").asText())));
            assertEquals("application/vnd.oci.image.manifest.v1+json", manifest.get("mediaType").asText());
            JsonNode config = JSON.readTree(small.get(blob(manifest.get("config").get("digest").asText())));
            List<String> layers = manifest.get("layers").findValuesAsText("digest");
            assertEquals(layers.size(), config.get("rootfs").get("diff_ids").size());

            Set<String> files = new TreeSet<>();
            String[] passwd = {""};
            try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tar)))) {
                for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                    if (layers.stream().map(Image::blob).anyMatch(e.getName()::equals)) {
                        readLayer(new GZIPInputStream(in, 1 << 16), files, passwd);
                    }
                }
            }
            return new Image(config, layers, tar, files, passwd[0]);
        }

        private static void readLayer(InputStream gz, Set<String> files, String[] passwd) throws IOException {
            TarArchiveInputStream layer = new TarArchiveInputStream(gz);
            for (TarArchiveEntry e; (e = layer.getNextEntry()) != null; ) {
                String name = e.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
                files.add(name);
                if (name.equals("etc/passwd")) {
                    passwd[0] = new String(layer.readAllBytes());
                }
            }
        }

        private static String blob(String digest) {
            return "blobs/" + digest.replace(':', '/');
        }
    }
}
