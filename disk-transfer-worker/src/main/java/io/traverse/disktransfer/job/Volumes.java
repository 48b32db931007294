package io.traverse.disktransfer.job;

import io.traverse.disktransfer.config.DiskTransferConfig;
import io.traverse.disktransfer.target.CinderAttachments;
import io.traverse.disktransfer.target.CinderVolumes;
import io.traverse.disktransfer.target.GlanceVolumes;
import io.traverse.disktransfer.target.LocalFileVolumes;
import io.traverse.disktransfer.target.TargetVolumes;
import io.traverse.openstack.OpenStackClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The target volumes the configuration asks for ({@code traverse.disk-transfer.target}: cinder or local). */
public class Volumes {

    @Produces
    @ApplicationScoped
    TargetVolumes volumes(DiskTransferConfig config, Instance<OpenStackClients> openstack) {
        return switch (config.target()) {
            case "cinder" -> cinder(config, openstack.get());
            case "glance" -> {
                CinderVolumes cinder = cinder(config, openstack.get());
                try {
                    yield new GlanceVolumes(openstack.get(), cinder, config.volumesDir().resolve("scratch"), config.cinder().createTimeout());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case "local" -> {
                try {
                    yield new LocalFileVolumes(config.volumesDir());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            default -> throw new IllegalArgumentException("traverse.disk-transfer.target must be cinder, glance or local, not " + config.target());
        };
    }

    private static CinderVolumes cinder(DiskTransferConfig config, OpenStackClients openstack) {
        DiskTransferConfig.Cinder c = config.cinder();
        CinderAttachments attachments = null;
        if (c.attach()) {
            String host = c.attachHost().orElseGet(() -> {
                try {
                    return InetAddress.getLocalHost().getHostName();
                } catch (UnknownHostException e) {
                    return "localhost";
                }
            });
            attachments = new CinderAttachments(openstack, host, c.nfsMountBase());
        }
        return new CinderVolumes(openstack, c.devicePathTemplate(), c.createTimeout(), attachments);
    }
}
