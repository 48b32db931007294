package io.traverse.discovery.inventory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the inventory mirror is kept. */
@ConfigMapping(prefix = "traverse.inventory")
public interface InventoryConfig {

    /** Time between full syncs of the mirror (each is one bulk PropertyCollector read). */
    @WithDefault("60s")
    Duration refreshInterval();

    /** Delay of the first full sync after startup. */
    @WithDefault("1s")
    Duration initialDelay();
}
