package io.traverse.launch.service;

import io.traverse.launch.client.DiscoveryClient;
import io.traverse.launch.config.LaunchConfig;
import io.traverse.launch.openstack.TargetCloud;
import io.traverse.launch.openstack.TargetCloud.Port;
import io.traverse.launch.openstack.TargetCloud.ServerView;
import io.traverse.launch.openstack.TargetCloud.Volume;
import io.traverse.openstack.TraverseTags;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Removes what Traverse created on the target for one migration and powers its source VM back on (cancel, rollback,
 * the dashboard's Reset). Only resources that carry the migration id in their own metadata (servers, volumes) or
 * Neutron tags (ports) are touched, never by name, and a protected one (name pattern, {@code traverse-protected})
 * is skipped even then. Servers go first, then (once detached) volumes, then ports; the source VM is powered on
 * through discovery-service. Safe to run again: what is gone is gone.
 */
@ApplicationScoped
public class Cleaner {

    private static final Logger LOG = Logger.getLogger(Cleaner.class);

    private final TargetCloud cloud;
    private final DiscoveryClient discovery;
    private final LaunchConfig config;

    public Cleaner(TargetCloud cloud, DiscoveryClient discovery, LaunchConfig config) {
        this.cloud = cloud;
        this.discovery = discovery;
        this.config = config;
    }

    /** What a cleanup did. */
    public record Result(List<String> deleted, List<String> skippedProtected, String sourceVm, String powerOn) {
        public String summary() {
            return "deleted " + (deleted.isEmpty() ? "nothing" : String.join(", ", deleted))
                    + (skippedProtected.isEmpty() ? "" : "; protected, left alone: " + String.join(", ", skippedProtected))
                    + "; source VM " + (sourceVm == null ? "unknown (not powered on)" : sourceVm + ": " + powerOn);
        }
    }

    /** Throws when something could not be done yet (the dispatcher tries again later). */
    public Result clean(UUID migrationId, String sourceVmId) {
        List<String> deleted = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        String vm = sourceVmId;

        List<ServerView> servers = cloud.serversOf(migrationId);
        for (ServerView s : servers) {
            vm = vm != null ? vm : s.metadata().get(TraverseTags.SOURCE_VM_ID);
            if (cloud.guard().isProtected(s.name(), s.metadata())) {
                skipped.add("server " + s.name());
                continue;
            }
            if (cloud.deleteServer(s)) {
                deleted.add("server " + s.name() + " (" + s.id() + ")");
            }
        }
        for (ServerView s : servers) {
            if (!cloud.guard().isProtected(s.name(), s.metadata())) {
                waitUntil(() -> cloud.server(s.id()).isEmpty(), config.cleanup().serverGoneTimeout(),
                        "server " + s.id() + " to disappear");
            }
        }

        List<Volume> deletedVolumes = new ArrayList<>();
        for (Volume v : cloud.traverseVolumes(migrationId)) {
            vm = vm != null ? vm : v.metadata().get(TraverseTags.SOURCE_VM_ID);
            if (cloud.guard().isProtected(v.name(), v.metadata())) {
                skipped.add("volume " + v.name());
                continue;
            }
            waitUntil(() -> cloud.volume(v.id()).map(x -> !x.status().equals("in-use") && !x.status().equals("detaching")
                    && !x.status().equals("attaching")).orElse(true), Duration.ofSeconds(60), "volume " + v.id() + " to detach");
            if (cloud.deleteVolume(v)) {
                deleted.add("volume " + v.id());
                deletedVolumes.add(v);
            }
        }
        // Cinder deletes in the background: the cleanup is done when the volumes are gone, not when it was asked
        // (a volume stuck in error_deleting fails the cleanup, which is then tried again)
        for (Volume v : deletedVolumes) {
            waitUntil(() -> cloud.volume(v.id()).isEmpty(), config.cleanup().serverGoneTimeout(), "volume " + v.id() + " to be deleted");
        }

        for (Port p : cloud.traversePorts(migrationId)) {
            if (cloud.guard().isProtected(p.name())) {
                skipped.add("port " + p.name());
                continue;
            }
            if (vm == null) {
                vm = p.tags().stream().filter(t -> t.startsWith(TraverseTags.SOURCE_VM_ID + "="))
                        .map(t -> t.substring(TraverseTags.SOURCE_VM_ID.length() + 1)).findFirst().orElse(null);
            }
            if (cloud.deletePort(p)) {
                deleted.add("port " + p.id());
            }
        }

        String powerOn = "not asked";
        if (vm != null && config.cleanup().powerOnSource()) {
            powerOn = discovery.powerOn(vm);
        }
        Result r = new Result(deleted, skipped, vm, powerOn);
        LOG.infof("Cleanup of %s: %s", migrationId, r.summary());
        return r;
    }

    private static void waitUntil(java.util.function.BooleanSupplier done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = Duration.ofMillis(500);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + Launcher.human(timeout) + " waiting for " + what);
            }
            Launcher.sleep(pause);
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : pause.multipliedBy(2);
        }
    }
}
