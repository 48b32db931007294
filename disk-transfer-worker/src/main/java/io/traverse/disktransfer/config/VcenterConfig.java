package io.traverse.disktransfer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** The source vCenter ({@code traverse.vcenter.*}, the same keys discovery-service and the testbed use). */
@ConfigMapping(prefix = "traverse.vcenter")
public interface VcenterConfig {

    /** SDK URL, e.g. https://vcenter.example/sdk; absent: the dispatcher cannot sweep snapshots. */
    Optional<String> url();

    Optional<String> username();

    Optional<String> password();

    /** Accept any certificate (vcsim, labs only). */
    @WithDefault("false")
    boolean insecure();
}
