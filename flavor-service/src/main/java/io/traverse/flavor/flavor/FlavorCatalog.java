package io.traverse.flavor.flavor;

import io.traverse.flavor.client.NovaFlavorClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The flavors, cached: read from Nova at most once per {@code traverse.flavor.cache-ttl}, again at once after
 * {@link #invalidate()} (called when flavor-service created a flavor, or by {@code POST /api/flavors/refresh}).
 * When Nova cannot be read and a list is cached, that list is served (stale beats nothing for matching); with no list,
 * the error propagates.
 */
@ApplicationScoped
public class FlavorCatalog {

    private static final Logger LOG = Logger.getLogger(FlavorCatalog.class);

    private final NovaFlavorClient nova;
    private final FlavorConfig config;
    private final Clock clock = Clock.systemUTC();
    private volatile Snapshot snapshot;

    /** What was read and when. */
    public record Snapshot(List<NovaFlavor> flavors, Instant loadedAt) {
    }

    public FlavorCatalog(NovaFlavorClient nova, FlavorConfig config) {
        this.nova = nova;
        this.config = config;
    }

    /** The flavors, from the cache while it is fresh. */
    public List<NovaFlavor> flavors() {
        return snapshot().flavors();
    }

    public Snapshot snapshot() {
        Snapshot s = snapshot;
        if (s != null && s.loadedAt().plus(config.cacheTtl()).isAfter(clock.instant())) {
            return s;
        }
        return load(s);
    }

    /** Forgets the cached list; the next read goes to Nova. */
    public void invalidate() {
        snapshot = null;
    }

    private synchronized Snapshot load(Snapshot seen) {
        if (snapshot != seen && snapshot != null) {
            return snapshot; // another thread loaded it meanwhile
        }
        try {
            Snapshot s = new Snapshot(nova.list(), clock.instant());
            LOG.debugf("Read %d flavors from Nova", s.flavors().size());
            snapshot = s;
            return s;
        } catch (RuntimeException e) {
            if (seen != null && !(e instanceof NovaFlavorClient.Refused)) {
                LOG.warnf("Nova flavors could not be read (%s); serving the list from %s", e.getMessage(), seen.loadedAt());
                return seen;
            }
            throw e;
        }
    }
}
