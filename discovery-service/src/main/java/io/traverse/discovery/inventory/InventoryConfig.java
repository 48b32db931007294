package io.traverse.discovery.inventory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the inventory mirror is kept. */
@ConfigMapping(prefix = "traverse.inventory")
public interface InventoryConfig {

    /**
     * Time between full syncs of the mirror (each is one bulk PropertyCollector read). With {@link #watch()} on, they
     * are only a safety net for changes vCenter does not report, and are skipped while a recent full sync exists.
     */
    @WithDefault("10m")
    Duration refreshInterval();

    /** Delay of the first periodic full sync after startup (the watcher makes its own full sync when it starts). */
    @WithDefault("30s")
    Duration initialDelay();

    /** Follow vCenter's changes with {@code WaitForUpdatesEx} (a PropertyCollector filter over a ContainerView). */
    @WithDefault("true")
    boolean watch();

    /**
     * How long one {@code WaitForUpdatesEx} call may wait for changes; must stay below
     * {@code traverse.vcenter.read-timeout}.
     */
    @WithDefault("20s")
    Duration watchWait();
}
