package io.traverse.migration.live;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The live stream of state changes ({@code traverse.live.*}). */
@ConfigMapping(prefix = "traverse.live")
public interface LiveConfig {

    /**
     * How long state changes are kept for clients that reconnect ({@code Last-Event-ID} or {@code ?since=}). A client
     * away for longer gets what is still kept and should read the list again.
     */
    @WithDefault("PT1H")
    Duration replayRetention();

    /**
     * A replay also resends the changes numbered up to this long before the client's last one: a transaction that took
     * its number earlier but committed later than the client's last change is not lost. Clients drop repeats by
     * {@code version}.
     */
    @WithDefault("PT30S")
    Duration replayOverlap();
}
