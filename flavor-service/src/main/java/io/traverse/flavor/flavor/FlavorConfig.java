package io.traverse.flavor.flavor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** flavor-service's own settings: {@code traverse.flavor.*}. */
@ConfigMapping(prefix = "traverse.flavor")
public interface FlavorConfig {

    /** How long the flavor list is served from memory before it is read from Nova again. */
    @WithDefault("PT5M")
    Duration cacheTtl();

    /** Boot-from-volume flavors (root disk 0) before any flavor with a local root disk (see FlavorMatcher). */
    @WithDefault("true")
    boolean preferBootFromVolume();

    /** What happens when no flavor fits. */
    AutoCreate autoCreate();

    interface AutoCreate {

        /**
         * Create {@code traverse-<vcpus>c-<GiB>g} (disk 0) when no flavor fits; needs the admin identity
         * ({@code traverse.openstack.admin.*}). Off: the VM fails with migration.failed naming its size and the
         * largest flavor.
         */
        @WithDefault("false")
        boolean enabled();

        /** Create it public; otherwise private with access for the Traverse project only. */
        @WithDefault("false")
        boolean makePublic();
    }
}
