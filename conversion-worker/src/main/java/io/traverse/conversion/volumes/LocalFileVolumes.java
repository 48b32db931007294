package io.traverse.conversion.volumes;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The local stack's stand-ins for Cinder volumes, in the layout disk-transfer-worker writes them: {@code <id>.raw}
 * (the disk's bytes) beside {@code <id>.properties} (its metadata).
 */
public final class LocalFileVolumes implements ConversionVolumes {

    private final Path dir;

    public LocalFileVolumes(Path dir) {
        this.dir = dir;
    }

    @Override
    public Optional<ConversionVolume> find(String volumeId) {
        if (!volumeId.matches("[A-Za-z0-9._-]+") || !Files.isRegularFile(dir.resolve(volumeId + ".raw"))) {
            return Optional.empty();
        }
        return Optional.of(new FileVolume(volumeId));
    }

    private final class FileVolume implements ConversionVolume {
        private final String id;

        FileVolume(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Path device() {
            return dir.resolve(id + ".raw");
        }

        private Path metaFile() {
            return dir.resolve(id + ".properties");
        }

        @Override
        public synchronized Map<String, String> metadata() throws IOException {
            Properties p = new Properties();
            if (Files.exists(metaFile())) {
                try (Reader r = Files.newBufferedReader(metaFile())) {
                    p.load(r);
                }
            }
            Map<String, String> m = new TreeMap<>();
            p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
            return m;
        }

        @Override
        public synchronized void updateMetadata(Map<String, String> changes) throws IOException {
            Map<String, String> m = metadata();
            m.putAll(changes);
            Properties p = new Properties();
            p.putAll(m);
            Path tmp = Files.createTempFile(dir, id, ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "Traverse volume metadata");
            }
            Files.move(tmp, metaFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
