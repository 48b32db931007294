package io.traverse.launch.service;

import io.smallrye.faulttolerance.api.TypedGuard;
import io.traverse.events.InstanceActive;
import io.traverse.events.PortMapping;
import io.traverse.events.VmConverted;
import io.traverse.launch.Launch;
import io.traverse.launch.config.LaunchConfig;
import io.traverse.launch.openstack.TargetCloud;
import io.traverse.launch.openstack.TargetCloud.Port;
import io.traverse.launch.openstack.TargetCloud.ServerView;
import io.traverse.launch.openstack.TargetCloud.Volume;
import io.traverse.openstack.OpenStackException;
import io.traverse.openstack.ProtectedResourceException;
import io.traverse.openstack.TraverseTags;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Runs one admitted launch to its end, outside any transaction (it takes seconds to minutes):
 * <ol>
 *   <li>looks for the migration's server by Traverse's tag first — one that exists is adopted (a restart, a
 *       redelivery, migration-api's retry), one in ERROR from an earlier attempt is deleted;</li>
 *   <li>checks and prepares the volumes (Traverse's metadata; the boot volume bootable with the image properties)
 *       and the pre-created ports (present, not bound elsewhere, Traverse's tags);</li>
 *   <li>boots from volume with the matched flavor, the ports, the availability zone, metadata and tags;</li>
 *   <li>polls to ACTIVE with exponential backoff and a timeout (SmallRye Fault Tolerance); ERROR fails with Nova's
 *       fault (the errored server is deleted; volumes and ports stay for a retry);</li>
 *   <li>verifies the expected port: bound to the server, with its fixed IP and the source MAC;</li>
 *   <li>publishes instance.active, or migration.failed.</li>
 * </ol>
 * A cancel seen between steps stops it without publishing anything; the cleanup then removes what exists.
 */
@ApplicationScoped
public class Launcher {

    private static final Logger LOG = Logger.getLogger(Launcher.class);

    private final TargetCloud cloud;
    private final LaunchService service;
    private final LaunchConfig config;

    public Launcher(TargetCloud cloud, LaunchService service, LaunchConfig config) {
        this.cloud = cloud;
        this.service = service;
        this.config = config;
    }

    /** A launch ends with a failure: {@code retryable} as the event says. */
    static final class LaunchFailure extends RuntimeException {
        final boolean retryable;

        LaunchFailure(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }
    }

    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    static final class StillBuilding extends RuntimeException {
        final ServerView server;

        StillBuilding(ServerView server) {
            super("server " + server.id() + " is " + server.status(), null, false, false);
            this.server = server;
        }
    }

    static final class NotVerifiedYet extends RuntimeException {
        NotVerifiedYet(String message) {
            super(message, null, false, false);
        }
    }

    public void run(Launch launch) {
        UUID id = launch.migrationId();
        MDC.put("migrationId", id.toString());
        try {
            InstanceActive active = withTransientRetries(launch);
            if (!service.activated(id, active)) {
                LOG.infof("Launch of %s was cancelled while it ran; nothing announced", launch.instanceName());
            }
        } catch (Cancelled c) {
            LOG.infof("Launch of %s stopped: the migration was cancelled", launch.instanceName());
        } catch (LaunchFailure f) {
            service.failed(id, f.getMessage(), f.retryable);
        } catch (ProtectedResourceException e) {
            service.failed(id, e.getMessage(), false);
        } catch (OpenStackException e) {
            service.failed(id, "OpenStack: " + e.getMessage(), e.retryable());
        } catch (Exception e) {
            LOG.errorf(e, "Launch of %s broke", launch.instanceName());
            service.failed(id, "launch-service error: " + e, true);
        } finally {
            MDC.remove("migrationId");
        }
    }

    /**
     * A launch is idempotent (the server is looked up by tag first), so an OpenStack hiccup on the way (no answer,
     * 5xx, 429) runs it again after a pause instead of failing the migration at once; the last one is reported.
     */
    private InstanceActive withTransientRetries(Launch launch) throws Exception {
        return TypedGuard.create(InstanceActive.class)
                .withRetry().maxRetries(2).delay(5, ChronoUnit.SECONDS).jitter(0, ChronoUnit.MILLIS)
                .whenException(e -> e instanceof OpenStackException o && o.retryable())
                .beforeRetry(e -> LOG.warnf("OpenStack hiccup during the launch of %s, trying again: %s",
                        launch.instanceName(), e.getMessage()))
                .done().build()
                .call(() -> launch(launch));
    }

    InstanceActive launch(Launch launch) {
        UUID id = launch.migrationId();
        VmConverted c = launch.request();
        checkNotCancelled(id);
        Optional<ServerView> found = cloud.findServer(id, launch.instanceName());
        if (found.isPresent() && "ERROR".equals(found.get().status())) {
            LOG.infof("Deleting %s left in ERROR by an earlier attempt (%s)", found.get().id(), found.get().fault());
            deleteAndWait(found.get());
            found = Optional.empty();
        }
        String serverId;
        if (found.isPresent()) {
            serverId = found.get().id();
            LOG.infof("Server %s (%s) already exists for this migration (%s): adopting it, no second instance",
                    found.get().name(), serverId, found.get().status());
        } else {
            List<String> ports = preparePorts(launch);
            List<String> volumes = prepareVolumes(launch);
            checkNotCancelled(id);
            Map<String, String> metadata = new java.util.LinkedHashMap<>(TraverseTags.metadata(id, launch.vmId()));
            metadata.put("traverse-source-vm-name", truncate(launch.vmName(), 255));
            serverId = cloud.boot(new TargetCloud.BootRequest(launch.instanceName(), c.mapping().flavor().id(),
                    c.mapping().availabilityZone(), volumes, ports, metadata,
                    List.of(TraverseTags.MANAGED, TraverseTags.migrationTag(id))));
            service.serverCreated(id, serverId);
            LOG.infof("Created server %s (%s), flavor %s, zone %s, booting from volume %s", launch.instanceName(),
                    serverId, c.mapping().flavor().name(), c.mapping().availabilityZone(), volumes.get(0));
        }
        ServerView active = awaitActive(id, serverId);
        checkNotCancelled(id);
        List<Port> ports = verifyPorts(id, launch, active);
        Set<String> ips = new LinkedHashSet<>();
        ports.forEach(p -> ips.addAll(p.fixedIps()));
        ips.addAll(active.addresses());
        String host = active.host() != null ? active.host() : cloud.hostAsAdmin(active.id()).orElse(null);
        return new InstanceActive(active.id(), active.name(), c.mapping().flavor().name(), host,
                new ArrayList<>(ips), ports.stream().map(Port::id).toList());
    }

    private List<String> prepareVolumes(Launch launch) {
        List<String> ids = launch.request().volumeIds();
        if (ids.isEmpty()) {
            throw new LaunchFailure("vm.converted names no volume to boot from", false);
        }
        Map<String, String> meta = TraverseTags.metadata(launch.migrationId(), launch.vmId());
        Map<String, String> image = ImageProperties.of(launch.request().mapping().vm());
        for (int i = 0; i < ids.size(); i++) {
            String vid = ids.get(i);
            Volume v = cloud.volume(vid).orElseThrow(() -> new LaunchFailure("volume " + vid + " does not exist", false));
            cloud.guard().checkModifiable("volume", v.id(), v.name(), v.metadata());
            if (!"available".equals(v.status())) {
                boolean transient_ = List.of("creating", "downloading", "uploading", "detaching", "attaching",
                        "maintenance").contains(v.status());
                throw new LaunchFailure("volume " + vid + " is " + v.status() + ", not available"
                        + (v.attachedServerIds().isEmpty() ? "" : " (attached to " + v.attachedServerIds() + ")"),
                        transient_);
            }
            cloud.prepareVolume(v, i == 0, meta, image);
        }
        LOG.infof("Volumes ready: %s bootable with %s", ids.get(0), image);
        return ids;
    }

    private List<String> preparePorts(Launch launch) {
        List<String> ids = new ArrayList<>();
        for (PortMapping m : launch.request().mapping().ports()) {
            Port p = cloud.port(m.portId())
                    .orElseThrow(() -> new LaunchFailure("port " + m.portId() + " (for NIC " + m.sourceMac()
                            + ") does not exist", false));
            cloud.guard().checkModifiable("port", p.id(), p.name());
            if (!p.deviceId().isEmpty()) {
                throw new LaunchFailure("port " + p.id() + " is already bound to device " + p.deviceId(), false);
            }
            cloud.tagPort(p, TraverseTags.neutronTags(launch.migrationId(), launch.vmId()));
            ids.add(p.id());
        }
        return ids;
    }

    /** Polls with exponential backoff until ACTIVE; ERROR and the timeout are failures. */
    ServerView awaitActive(UUID migrationId, String serverId) {
        TypedGuard<ServerView> guard = TypedGuard.create(ServerView.class)
                .withRetry()
                .maxRetries(-1)
                .delay(config.active().initialDelay().toMillis(), ChronoUnit.MILLIS)
                .maxDuration(config.active().timeout().toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .whenException(e -> e instanceof StillBuilding || e instanceof OpenStackException o && o.retryable())
                .withExponentialBackoff().factor(2).maxDelay(config.active().maxDelay().toMillis(), ChronoUnit.MILLIS).done()
                .done()
                .build();
        try {
            return guard.call(() -> {
                checkNotCancelled(migrationId);
                ServerView s = cloud.server(serverId)
                        .orElseThrow(() -> new LaunchFailure("server " + serverId + " disappeared while building", true));
                return switch (s.status()) {
                    case "ACTIVE" -> s;
                    case "ERROR" -> {
                        String fault = s.fault() == null ? "no fault given" : s.fault();
                        LOG.warnf("Server %s went to ERROR: %s; deleting it (volumes and ports stay)", s.id(), fault);
                        try {
                            deleteAndWait(s);
                        } catch (RuntimeException e) {
                            LOG.warnf("Could not delete errored server %s: %s", s.id(), e.getMessage());
                        }
                        throw new LaunchFailure("Nova put " + s.name() + " in ERROR: " + fault, false);
                    }
                    case "BUILD" -> throw new StillBuilding(s);
                    default -> throw new LaunchFailure("server " + s.name() + " is " + s.status()
                            + " instead of ACTIVE", false);
                };
            });
        } catch (StillBuilding e) {
            throw new LaunchFailure("server " + serverId + " still " + e.server.status() + " after "
                    + human(config.active().timeout()), true);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every expected port bound to the server, with its fixed IP (when one was asked for) and the source MAC. */
    private List<Port> verifyPorts(UUID migrationId, Launch launch, ServerView server) {
        TypedGuard<Object> guard = TypedGuard.create(Object.class)
                .withRetry().maxRetries(-1).delay(500, ChronoUnit.MILLIS)
                .maxDuration(config.ipCheck().timeout().toMillis(), ChronoUnit.MILLIS)
                .whenException(e -> e instanceof NotVerifiedYet || e instanceof OpenStackException o && o.retryable())
                .withExponentialBackoff().factor(2).maxDelay(5, ChronoUnit.SECONDS).done()
                .done().build();
        List<Port> verified = new ArrayList<>();
        try {
            guard.call(() -> {
                checkNotCancelled(migrationId);
                verified.clear();
                for (PortMapping m : launch.request().mapping().ports()) {
                    Port p = cloud.port(m.portId()).orElseThrow(() ->
                            new LaunchFailure("port " + m.portId() + " disappeared", false));
                    if (!server.id().equals(p.deviceId())) {
                        throw new NotVerifiedYet("port " + p.id() + " is not bound to " + server.id()
                                + " (device " + (p.deviceId().isEmpty() ? "none" : p.deviceId()) + ")");
                    }
                    if (m.fixedIp() != null && !p.fixedIps().contains(m.fixedIp())) {
                        throw new NotVerifiedYet("port " + p.id() + " has " + p.fixedIps() + ", expected " + m.fixedIp());
                    }
                    if (p.fixedIps().isEmpty()) {
                        throw new NotVerifiedYet("port " + p.id() + " has no IP yet");
                    }
                    if (m.macPreserved() && !m.sourceMac().equalsIgnoreCase(p.macAddress())) {
                        throw new LaunchFailure("port " + p.id() + " has MAC " + p.macAddress() + ", not the source's "
                                + m.sourceMac(), false);
                    }
                    verified.add(p);
                }
                return null;
            });
        } catch (NotVerifiedYet e) {
            throw new LaunchFailure("instance " + server.name() + " is ACTIVE but its network is not as expected after "
                    + human(config.ipCheck().timeout()) + ": " + e.getMessage(), true);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return verified;
    }

    private void deleteAndWait(ServerView s) {
        cloud.deleteServer(s);
        long deadline = System.nanoTime() + config.cleanup().serverGoneTimeout().toNanos();
        Duration pause = Duration.ofMillis(500);
        while (cloud.server(s.id()).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new LaunchFailure("server " + s.id() + " was deleted but is still there after "
                        + human(config.cleanup().serverGoneTimeout()), true);
            }
            sleep(pause);
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : pause.multipliedBy(2);
        }
    }

    private void checkNotCancelled(UUID migrationId) {
        if (service.isCancelled(migrationId)) {
            throw new Cancelled();
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancelled();
        }
    }

    static String human(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }

    private static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
