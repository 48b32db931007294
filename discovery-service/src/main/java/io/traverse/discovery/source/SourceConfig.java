package io.traverse.discovery.source;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** Rules for operations on source VMs. */
@ConfigMapping(prefix = "traverse.source")
public interface SourceConfig {

    /**
     * Glob patterns ({@code *} and {@code ?}) of VM names that are never powered off or reconfigured, e.g. the VDI
     * desktops the platform itself runs on.
     */
    @WithDefault("ffp-vdi-*")
    List<String> protectedVmPatterns();

    /** How long a graceful shutdown through VMware Tools may take before the VM is powered off hard. */
    @WithDefault("5m")
    Duration gracefulShutdownTimeout();
}
