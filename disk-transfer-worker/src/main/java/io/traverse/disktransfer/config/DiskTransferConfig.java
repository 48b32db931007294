package io.traverse.disktransfer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** disk-transfer-worker's settings ({@code traverse.disk-transfer.*}). */
@ConfigMapping(prefix = "traverse.disk-transfer")
public interface DiskTransferConfig {

    /** {@code dispatcher} (the service) or {@code job} (command mode, set by {@code DiskTransferMain} for "sync"). */
    @WithDefault("dispatcher")
    String mode();

    /** How sync Jobs run: {@code kubernetes} (production) or {@code local} (child processes; the local stack). */
    @WithDefault("kubernetes")
    String launcher();

    Concurrency concurrency();

    Bandwidth bandwidth();

    Copy copy();

    /**
     * Where the disks go: {@code cinder} (volumes through the Cinder API, written where {@code cinder.device-path-template}
     * says they appear on this host), {@code glance} (a new disk is uploaded as an image and Cinder makes the volume from
     * it; later rounds write the volume as {@code cinder} does) or {@code local} (files standing in for volumes; tests and
     * a stack without OpenStack).
     */
    @WithDefault("local")
    String target();

    Cinder cinder();

    interface Cinder {
        /** Where a volume's bytes are on this host, {id} = volume id: an NFS backend's mount, or the attached device. */
        @WithDefault("/srv/cinder-nfs/volume-{id}")
        String devicePathTemplate();

        /** How long a new volume may take to become available. */
        @WithDefault("PT5M")
        java.time.Duration createTimeout();

        /**
         * Attach each volume to this host through Cinder's attachments API for the round (instead of writing at
         * {@code device-path-template}): NFS and local backends; iSCSI/RBD would need os-brick.
         */
        @WithDefault("false")
        boolean attach();

        /** This host's name in the attachment's connector; default: the host name. */
        java.util.Optional<String> attachHost();

        /** Where NFS exports are mounted on this host (os-brick's layout: {@code <base>/<md5 of export>}); default: Cinder's. */
        java.util.Optional<Path> nfsMountBase();
    }

    /** Where the local stand-ins for attached Cinder volumes live (files + metadata), until Cinder is configured. */
    @WithDefault("${user.home}/.cache/traverse/volumes")
    Path volumesDir();

    Local local();

    Vddk vddk();

    /**
     * Pipeline B's reader when VDDK is not configured: {@code http} (Range requests from the worker, default) or
     * {@code nbdkit-curl} (nbdkit's curl plugin, read over NBD).
     */
    @WithDefault("http")
    String pipelineBReader();

    Kubernetes kubernetes();

    /** How often queued rounds are checked against the limits (also right after a Job ends). */
    @WithDefault("1s")
    java.time.Duration dispatchInterval();

    /** Remove snapshots Traverse left behind (named traverse-sync-*) on the VMs it knows, at start-up. */
    @WithDefault("true")
    boolean sweepSnapshotsOnStart();

    interface Concurrency {
        /** Sync Jobs running at once, in total. */
        @WithDefault("10")
        int total();

        /** Sync Jobs running at once per source ESXi host. */
        @WithDefault("2")
        int perSourceHost();
    }

    interface Bandwidth {
        /** Total copy bandwidth in MB/s (MiB) over all Jobs; 0 = unlimited. Split evenly among running Jobs. */
        @WithDefault("0")
        double totalMbPerSecond();

        /** Copy bandwidth in MB/s per source host; 0 = unlimited. Split evenly among that host's running Jobs. */
        @WithDefault("0")
        double perSourceHostMbPerSecond();
    }

    interface Copy {
        /** Bytes per copy unit (progress, checkpoints) in MiB. */
        @WithDefault("8")
        int chunkSizeMib();

        /** Concurrent range reads per disk (8 x 8 MiB kept up with nbdcopy in bench/disk-transfer). */
        @WithDefault("8")
        int streamsPerDisk();

        /** Disks of one VM copied at once. */
        @WithDefault("2")
        int parallelDisks();

        /** Hash every target volume after each round (costs a full read of the target). */
        @WithDefault("false")
        boolean verify();
    }

    /** Pipeline A (VMware VDDK through nbdkit's vddk plugin); chosen whenever {@code libdir} is set. */
    interface Vddk {
        /** The VDDK directory the user supplies (contains lib64/libvixDiskLib.so). */
        Optional<Path> libdir();

        /** SHA-1 thumbprint of the vCenter certificate, "AA:BB:..:FF". */
        Optional<String> thumbprint();

        /** Transport modes in order of preference. */
        @WithDefault("nbdssl,nbd")
        List<String> transports();

        /** Optional VDDK config file. */
        Optional<Path> configFile();
    }

    interface Local {
        /** The worker's command mode for local Jobs, e.g. java -jar disk-transfer-worker/target/quarkus-app/quarkus-run.jar */
        Optional<List<String>> command();

        /** Where local Jobs write their logs. */
        @WithDefault("${user.home}/.cache/traverse/jobs")
        Path logDir();

        /**
         * How often a local Job whose process failed or was killed is started again before the round fails (as a
         * Kubernetes Job's backoffLimit); the new attempt resumes from the volume's checkpoint.
         */
        @WithDefault("2")
        int backoffLimit();

        /** The wait before a local Job's first restart, doubled for each further one. */
        @WithDefault("2s")
        java.time.Duration retryDelay();
    }

    interface Kubernetes {
        /** Namespace of the Jobs (the chart passes the dispatcher's own: TRAVERSE_JOBS_NAMESPACE). */
        @WithDefault("traverse")
        String namespace();

        /**
         * The Job skeleton: a file (the chart mounts its own at /etc/traverse/jobs/job.yaml and passes
         * TRAVERSE_JOBS_TEMPLATE) or a classpath resource; what it sets wins over the keys below (JobFactory).
         */
        @WithDefault("/io/traverse/jobs/job.yaml")
        String template();

        /** The worker image (the dispatcher's own image, run in command mode). */
        @WithDefault("traverse/disk-transfer-worker:latest")
        String image();

        @WithDefault("IfNotPresent")
        String imagePullPolicy();

        @WithDefault("traverse-disk-transfer-job")
        String serviceAccount();

        @WithDefault("2")
        int backoffLimit();

        @WithDefault("86400")
        long ttlSecondsAfterFinished();

        Optional<Long> activeDeadlineSeconds();

        @WithDefault("500m")
        String cpuRequest();

        @WithDefault("512Mi")
        String memoryRequest();

        @WithDefault("2")
        String cpuLimit();

        @WithDefault("2Gi")
        String memoryLimit();

        /**
         * A Secret whose keys become the Job's environment (database, vCenter, OpenStack credentials). Unset with the
         * chart, whose skeleton names each credential itself.
         */
        Optional<String> envSecret();

        /** Plain environment for every Job. */
        Map<String, String> env();
    }
}
