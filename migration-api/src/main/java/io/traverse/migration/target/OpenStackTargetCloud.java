package io.traverse.migration.target;

import io.traverse.migration.preflight.TargetCloud;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The OpenStack target as preflight and mapping validation see it, read through {@link TargetClient}. An answer is
 * kept for a few seconds, so one preflight run (several rules) reads each resource once. When OpenStack cannot be
 * asked (down, refusing, circuit open) the answer is empty — "cannot tell" — and the rules say they could not check,
 * instead of blocking or guessing.
 */
public class OpenStackTargetCloud implements TargetCloud {

    private static final Logger LOG = Logger.getLogger(OpenStackTargetCloud.class);

    private final TargetClient client;
    private final Duration keep;
    private final Clock clock;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    private record Kept(Instant until, Object value) {
    }

    public OpenStackTargetCloud(TargetClient client, Duration keep, Clock clock) {
        this.client = client;
        this.keep = keep;
        this.clock = clock;
    }

    @Override
    public Optional<Set<String>> availabilityZones() {
        return read("availability zones", client::availabilityZones);
    }

    @Override
    public Optional<Set<String>> volumeTypes() {
        return read("volume types", client::volumeTypes);
    }

    @Override
    public Optional<Set<String>> networks() {
        return read("networks", client::networks);
    }

    @Override
    public Optional<Set<String>> serverNames() {
        return read("server names", client::serverNames);
    }

    @Override
    public Optional<Set<String>> portMacs() {
        return ports().map(ports -> ports.stream().map(TargetClient.Port::macAddress).collect(Collectors.toSet()));
    }

    @Override
    public Optional<Map<String, Map<String, String>>> flavorExtraSpecs() {
        return read("flavor extra specs", client::flavorExtraSpecs);
    }

    @Override
    public Optional<Headroom> headroom() {
        return ports().flatMap(ports -> read("quota headroom",
                () -> client.headroom(ports, providers().map(TargetClient.Capacity::of))));
    }

    @Override
    public Optional<List<ComputeHost>> computeHosts() {
        return providers().map(providers -> providers.stream()
                .map(p -> new ComputeHost(p.name(), p.maxVcpus(), p.maxRamMb())).toList());
    }

    @Override
    public Optional<Storage> storage() {
        return read("cinder pools", client::storage).flatMap(Function.identity());
    }

    /** Placement's compute hosts (admin only: empty without an admin identity), read once for headroom and host sizes. */
    private Optional<List<TargetClient.Provider>> providers() {
        return read("placement", client::providers).flatMap(Function.identity());
    }

    private Optional<List<TargetClient.Port>> ports() {
        return read("ports", client::ports);
    }

    @SuppressWarnings("unchecked")
    private <T> Optional<T> read(String what, Supplier<T> load) {
        Instant now = clock.instant();
        Kept k = kept.get(what);
        if (k != null && now.isBefore(k.until())) {
            return Optional.of((T) k.value());
        }
        try {
            T value = load.get();
            kept.put(what, new Kept(now.plus(keep), value));
            return Optional.of(value);
        } catch (RuntimeException e) {
            LOG.warnf("OpenStack target: could not read %s (%s: %s); the checks that need them are advisories",
                    what, e.getClass().getSimpleName(), e.getMessage());
            return Optional.empty();
        }
    }
}
