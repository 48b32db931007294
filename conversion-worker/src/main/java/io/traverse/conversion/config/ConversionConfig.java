package io.traverse.conversion.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** conversion-worker's settings ({@code traverse.conversion.*}). */
@ConfigMapping(prefix = "traverse.conversion")
public interface ConversionConfig {

    /** {@code dispatcher} (the service) or {@code job} (command mode, set by {@code ConversionMain} for "convert"). */
    @WithDefault("dispatcher")
    String mode();

    /** How conversion Jobs run: {@code kubernetes} (production) or {@code local} (child processes; the local stack). */
    @WithDefault("kubernetes")
    String launcher();

    /** Conversion Jobs running at once (the Helm chart passes TRAVERSE_JOBS_MAX_CONCURRENT); the rest wait in order. */
    @WithDefault("2")
    int maxConcurrent();

    /** How often queued conversions are checked against the limit (also right after a Job ends). */
    @WithDefault("1s")
    Duration dispatchInterval();

    Tools tools();

    Volumes volumes();

    Source source();

    Local local();

    Kubernetes kubernetes();

    interface Tools {
        /** libguestfs backend for guestfish and virt-v2v (LIBGUESTFS_BACKEND); {@code direct} runs qemu itself, no libvirtd. */
        @WithDefault("direct")
        String libguestfsBackend();

        /**
         * LIBGUESTFS_BACKEND_SETTINGS, e.g. {@code force_tcg} where /dev/kvm is missing or broken (on the project's
         * build machines it exists and qemu aborts with "failed to set MSR 0x10a").
         */
        Optional<String> libguestfsBackendSettings();

        /**
         * virtio-win drivers for Windows guests (VIRTIO_WIN for virt-v2v): the ISO or the unpacked directory. Debian/RHEL
         * package virtio-win installs /usr/share/virtio-win/virtio-win.iso, the default looked at when this is unset.
         */
        Optional<Path> virtioWin();

        /** Longest a virt-v2v-in-place run may take before it is killed and the conversion fails (retryable). */
        @WithDefault("2h")
        Duration v2vTimeout();

        /** Longest an inspection or a light fix-up may take. */
        @WithDefault("15m")
        Duration inspectTimeout();

        /** Scratch space (libvirt XML, logs); virt-v2v's own temporary files go to TMPDIR / LIBGUESTFS_CACHEDIR. */
        @WithDefault("${java.io.tmpdir}/traverse-conversion")
        Path workDir();
    }

    interface Volumes {
        /** {@code local} (files + properties, the local stack and tests) or {@code cinder} (the OpenStack target). */
        @WithDefault("local")
        String kind();

        /** Where the local stand-ins for attached Cinder volumes live: {@code <id>.raw} + {@code <id>.properties}. */
        @WithDefault("${user.home}/.cache/traverse/volumes")
        Path localDir();

        /**
         * cinder: where a volume's bytes are reachable from the Job as a file or block device,
         * {@code <device-dir>/volume-<id>} (an NFS backend's export mounted into the Job; the testbed's /srv/cinder-nfs).
         */
        Optional<Path> cinderDeviceDir();
    }

    interface Source {
        /** discovery-service, which powers the source VM off (only for a Windows guest, only when virt-v2v runs). */
        @WithDefault("http://127.0.0.1:8091")
        String discoveryUrl();

        /** Seconds the guest gets to shut down through VMware Tools before the hard power-off. */
        @WithDefault("300")
        int gracefulShutdownSeconds();
    }

    interface Local {
        /** The worker's command mode for local Jobs, e.g. java -jar conversion-worker/target/quarkus-app/quarkus-run.jar */
        Optional<List<String>> command();

        /** Where local Jobs write their logs. */
        @WithDefault("${user.home}/.cache/traverse/jobs")
        Path logDir();
    }

    interface Kubernetes {
        /** Namespace of the Jobs (the chart passes the dispatcher's own: TRAVERSE_JOBS_NAMESPACE). */
        @WithDefault("traverse")
        String namespace();

        /**
         * The Job skeleton (TRAVERSE_JOBS_TEMPLATE): a file (the chart mounts its own at /etc/traverse/jobs/job.yaml)
         * or a classpath resource; what it sets wins over the keys below (JobFactory).
         */
        @WithDefault("/io/traverse/jobs/job.yaml")
        String template();

        /** The worker image (the dispatcher's own image, run in command mode). */
        @WithDefault("traverse/conversion-worker:latest")
        String image();

        @WithDefault("IfNotPresent")
        String imagePullPolicy();

        @WithDefault("traverse-conversion-job")
        String serviceAccount();

        /** Conversion is not resumable: a failed pod fails the Job and the dispatcher reports it. */
        @WithDefault("0")
        int backoffLimit();

        @WithDefault("86400")
        long ttlSecondsAfterFinished();

        @WithDefault("14400")
        Optional<Long> activeDeadlineSeconds();

        @WithDefault("1")
        String cpuRequest();

        @WithDefault("2Gi")
        String memoryRequest();

        @WithDefault("2")
        String cpuLimit();

        @WithDefault("4Gi")
        String memoryLimit();

        /**
         * A Secret whose keys become the Job's environment (database, OpenStack credentials). Unset with the chart,
         * whose skeleton names each credential itself.
         */
        Optional<String> envSecret();

        /** Plain environment for every Job (LIBGUESTFS_BACKEND=direct is always set). */
        Map<String, String> env();
    }
}
