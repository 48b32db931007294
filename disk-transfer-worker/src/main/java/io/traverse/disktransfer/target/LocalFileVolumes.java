package io.traverse.disktransfer.target;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Volumes as sparse files in a directory, metadata beside each as a properties file: what a Cinder volume attached
 * to the worker's host looks like to the copy (a block device of a fixed size with key/value metadata). Used by
 * tests and the local stack; the Cinder implementation replaces it where an OpenStack is configured.
 */
public final class LocalFileVolumes implements TargetVolumes {

    private final Path dir;

    public LocalFileVolumes(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    public Path directory() {
        return dir;
    }

    @Override
    public Optional<TargetVolume> find(UUID migrationId, int diskKey) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.properties")) {
            for (Path p : s) {
                FileVolume v = new FileVolume(p.getFileName().toString().replace(".properties", ""));
                Map<String, String> m = v.metadata();
                if (migrationId.toString().equals(m.get(TargetVolume.MIGRATION_ID))
                        && Integer.toString(diskKey).equals(m.get(TargetVolume.DISK_KEY))) {
                    return Optional.of(v);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public TargetVolume create(UUID migrationId, String sourceVmId, int diskKey, String name, long sizeBytes, String volumeType,
                               String availabilityZone) throws IOException {
        FileVolume v = new FileVolume(UUID.randomUUID().toString());
        try (RandomAccessFile f = new RandomAccessFile(v.device().toFile(), "rw")) {
            f.setLength(sizeBytes); // sparse: reads as zeros, like a fresh volume
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put(TargetVolume.MIGRATION_ID, migrationId.toString());
        m.put(TargetVolume.SOURCE_VM_ID, sourceVmId);
        m.put(TargetVolume.DISK_KEY, Integer.toString(diskKey));
        if (volumeType != null) {
            m.put("volume_type", volumeType);
        }
        v.updateMetadata(m);
        return v;
    }

    private final class FileVolume implements TargetVolume {
        private final String id;

        FileVolume(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public long sizeBytes() {
            try {
                return Files.size(device());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
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
            changes.forEach((k, v) -> {
                if (v == null) {
                    m.remove(k);
                } else {
                    m.put(k, v);
                }
            });
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
