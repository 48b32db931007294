package io.traverse.network.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.traverse.events.EventEnvelope;
import io.traverse.events.EventJson;
import io.traverse.events.MigrationEvent;
import io.traverse.events.MigrationFailed;
import io.traverse.events.MigrationRequested;
import io.traverse.events.Phase;
import io.traverse.events.PortMapping;
import io.traverse.events.SourceDisk;
import io.traverse.events.SourceNic;
import io.traverse.events.SourceVm;
import io.traverse.events.VmMapped;
import io.traverse.events.VmSized;
import io.traverse.network.client.MappingClient;
import io.traverse.network.client.MigrationApiRefusedException;
import io.traverse.network.config.NetworkConfig;
import io.traverse.network.port.MacInUseException;
import io.traverse.network.port.NeutronNetworks;
import io.traverse.network.port.NeutronPorts;
import io.traverse.openstack.OpenStackException;
import io.traverse.support.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Phase 3 for one VM, in two steps like flavor-service's sizing: {@link #decide} reads the plan's infrastructure
 * mapping from migration-api and creates the Neutron ports (looked up first, so a retry creates none twice) with no
 * transaction open; {@link #record} stores the outcome and queues {@code vm.mapped} or {@code migration.failed}
 * (phase MAPPING) in the consumer's short transaction, with the inbox row.
 *
 * <p>Ports created before a later NIC failed stay: a retry reuses them, a rollback or cancel deletes them.
 */
@ApplicationScoped
public class VmMapping {

    static final String SOURCE = "network-mapper";
    private static final Logger LOG = Logger.getLogger(VmMapping.class);

    private final MappingClient mappings;
    private final NeutronNetworks networks;
    private final NeutronPorts ports;
    private final NetworkConfig config;
    private final Outbox outbox;
    private final DataSource dataSource;

    public VmMapping(MappingClient mappings, NeutronNetworks networks, NeutronPorts ports, NetworkConfig config,
                     Outbox outbox, DataSource dataSource) {
        this.mappings = mappings;
        this.networks = networks;
        this.ports = ports;
        this.config = config;
        this.outbox = outbox;
        this.dataSource = dataSource;
    }

    /** What {@link #decide} found: the event to publish (null: nothing, the migration was cancelled). */
    public record Outcome(UUID migrationId, String vmId, UUID mappingId, MigrationEvent event, String explanation) {

        /** A vm.sized of a migration that was cancelled (or rolled back) meanwhile: no ports, no event. */
        public static Outcome cancelled(UUID migrationId, VmSized sized) {
            return new Outcome(migrationId, sized.vm().id(), sized.request().mappingId(), null,
                    "migration " + migrationId + " was cancelled before its vm.sized was handled; no ports created");
        }
    }

    /** The targets of one VM before any port exists: a network per kept NIC, the zone, a type per disk. */
    public record Targets(Map<SourceNic, String> networks, String availabilityZone, Map<Integer, String> volumeTypes,
                          List<String> gaps) {
    }

    @Transactional(TxType.NEVER)
    public Outcome decide(UUID migrationId, VmSized sized) {
        MigrationRequested request = sized.request();
        SourceVm vm = sized.vm();
        Optional<InfraMapping> mapping;
        try {
            mapping = request.mappingId() == null ? Optional.empty() : Optional.of(mappings.mapping(request.mappingId())
                    .orElseThrow(() -> new MappingGoneException("Infrastructure mapping " + request.mappingId()
                            + " of plan " + request.planId() + " does not exist in migration-api")));
        } catch (MappingGoneException | MigrationApiRefusedException e) {
            return failed(migrationId, sized, e.getMessage(), false);
        } catch (RuntimeException e) {
            return failed(migrationId, sized, "migration-api could not be asked for infrastructure mapping "
                    + request.mappingId() + " (" + describe(e) + ")", true);
        }
        Targets targets = targets(vm, request.dropNics(), mapping);
        if (!targets.gaps().isEmpty()) {
            return failed(migrationId, sized, String.join("; ", targets.gaps()) + ". Map them in "
                    + mapping.map(m -> "mapping '" + m.name() + "'").orElse("the plan's mapping (the request has none)")
                    + ", or drop the NICs from the plan", false);
        }
        try {
            Map<String, String> networkIds = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            for (String target : targets.networks().values().stream().distinct().toList()) {
                networks.find(target).ifPresentOrElse(n -> networkIds.put(target, n.id()), () -> missing.add(target));
            }
            if (!missing.isEmpty()) {
                return failed(migrationId, sized, "Target network(s) " + missing + " do not exist in Neutron (or the "
                        + "Traverse project cannot see them); fix the mapping", false);
            }
            // the plan's choices travel in the request; a request without them gets this service's defaults
            boolean preserveMac = request.preserveMac() != null ? request.preserveMac() : config.preserveMac();
            boolean preserveIp = request.preserveIp() != null ? request.preserveIp() : config.preserveIp();
            List<PortMapping> created = new ArrayList<>();
            for (Map.Entry<SourceNic, String> e : targets.networks().entrySet()) {
                created.add(ports.ensurePort(migrationId, vm.id(), e.getKey(), networkIds.get(e.getValue()), null,
                        List.of(), preserveMac, config.macConflict(), preserveIp));
            }
            VmMapped mapped = new VmMapped(request, vm, sized.flavor(), targets.availabilityZone(), created,
                    targets.volumeTypes());
            String explanation = created.size() + " port(s) " + created.stream().map(p -> p.sourceMac() + "→"
                    + p.portId() + " " + p.fixedIp() + (p.macPreserved() ? "" : " (new MAC)")
                    + (p.note() == null ? "" : " (" + p.note() + ")")).toList() + ", zone " + targets.availabilityZone()
                    + ", volume types " + targets.volumeTypes() + mapping.map(m -> ", mapping '" + m.name() + "'")
                    .orElse(", service defaults (no mapping)");
            return new Outcome(migrationId, vm.id(), request.mappingId(), mapped, explanation);
        } catch (MacInUseException | NeutronNetworks.AmbiguousNetworkException e) {
            return failed(migrationId, sized, e.getMessage(), false);
        } catch (OpenStackException e) {
            return failed(migrationId, sized, "Neutron: " + e.getMessage(), e.retryable());
        }
    }

    /**
     * The targets of the VM's kept NICs, its disks and its cluster. With a mapping every one must be mapped (each gap
     * is named); without one (a VM started on its own) the service defaults apply.
     */
    public Targets targets(SourceVm vm, List<String> dropNics, Optional<InfraMapping> mapping) {
        List<String> dropped = dropNics.stream().map(m -> m.toLowerCase(Locale.ROOT)).toList();
        List<String> gaps = new ArrayList<>();
        Map<SourceNic, String> nets = new LinkedHashMap<>();
        List<String> unmappedNics = new ArrayList<>();
        for (SourceNic nic : vm.nics()) {
            if (dropped.contains(nic.macAddress().toLowerCase(Locale.ROOT))) {
                continue;
            }
            Optional<String> target = mapping.isPresent() ? mapping.get().targetOfNetwork(nic) : config.defaultNetwork();
            target.ifPresentOrElse(t -> nets.put(nic, t),
                    () -> unmappedNics.add(nic.networkName() + " (NIC " + nic.macAddress() + ")"));
        }
        if (!unmappedNics.isEmpty()) {
            gaps.add("Port group(s) " + String.join(", ", unmappedNics) + " of VM " + vm.id() + " ('" + vm.name()
                    + "') have no target network" + (mapping.isEmpty()
                    ? " (the request has no mapping and traverse.network.default-network is not set)" : ""));
        }
        String zone = config.defaultAvailabilityZone();
        if (mapping.isPresent() && vm.cluster() != null) {
            Optional<String> z = mapping.get().targetOfCluster(vm.cluster());
            if (z.isPresent()) {
                zone = z.get();
            } else {
                gaps.add("Cluster " + vm.cluster() + " has no availability zone");
            }
        }
        Map<Integer, String> types = new LinkedHashMap<>();
        for (SourceDisk d : vm.disks()) {
            if (mapping.isEmpty()) {
                types.put(d.key(), config.defaultVolumeType());
            } else {
                Optional<String> t = mapping.get().targetOfDatastore(d.datastore());
                if (t.isPresent()) {
                    types.put(d.key(), t.get());
                } else if (gaps.stream().noneMatch(g -> g.startsWith("Datastore " + d.datastore() + " "))) {
                    gaps.add("Datastore " + d.datastore() + " has no volume type");
                }
            }
        }
        return new Targets(nets, zone, types, gaps);
    }

    @Transactional(TxType.MANDATORY)
    public void record(EventEnvelope trigger, Outcome outcome) {
        if (outcome.event() == null) {
            LOG.infof("Nothing to do for %s: %s", outcome.vmId(), outcome.explanation());
            return;
        }
        String sql = """
                insert into vm_mapping (migration_id, vm_id, mapping_id, availability_zone, ports, failure, explanation)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (migration_id) do update set vm_id = excluded.vm_id, mapping_id = excluded.mapping_id,
                  availability_zone = excluded.availability_zone, ports = excluded.ports, failure = excluded.failure,
                  explanation = excluded.explanation, decided_at = now()""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, outcome.migrationId());
            ps.setString(2, outcome.vmId());
            ps.setObject(3, outcome.mappingId());
            switch (outcome.event()) {
                case VmMapped m -> {
                    ps.setString(4, m.availabilityZone());
                    ps.setString(5, EventJson.mapper().writeValueAsString(m.ports()));
                    ps.setString(6, null);
                    LOG.infof("Mapped %s (%s): %s", outcome.vmId(), m.vm().name(), outcome.explanation());
                }
                case MigrationFailed f -> {
                    ps.setString(4, null);
                    ps.setString(5, null);
                    ps.setString(6, f.retryable() ? "RETRYABLE" : "PERMANENT");
                    LOG.warnf("Mapping of %s failed: %s", outcome.vmId(), f.reason());
                }
                default -> throw new IllegalStateException("unexpected " + outcome.event());
            }
            ps.setString(7, outcome.explanation());
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Could not record the mapping of " + outcome.vmId(), e);
        }
        outbox.publish(EventEnvelope.of(SOURCE, trigger.migrationId(), outcome.event()));
    }

    /** The recorded outcome of a migration: its explanation, if any was recorded. */
    @Transactional(TxType.SUPPORTS)
    public Optional<String> recordedExplanation(UUID migrationId) {
        return queryString("select explanation from vm_mapping where migration_id = ?", migrationId);
    }

    /** The source VM of a migration as recorded, if network-mapper has seen its vm.sized. */
    @Transactional(TxType.SUPPORTS)
    public Optional<String> recordedVmId(UUID migrationId) {
        return queryString("select vm_id from vm_mapping where migration_id = ?", migrationId);
    }

    @Transactional(TxType.SUPPORTS)
    public boolean wasCancelled(UUID migrationId) {
        return queryString("select reason from cancelled_migration where migration_id = ?", migrationId).isPresent();
    }

    /** Records that the migration is over for network-mapper (its ports deleted); a late vm.sized then does nothing. */
    @Transactional(TxType.MANDATORY)
    public void recordCancelled(UUID migrationId, String reason, int portsDeleted) {
        String sql = """
                insert into cancelled_migration (migration_id, reason, ports_deleted) values (?, ?, ?)
                on conflict (migration_id) do update set reason = excluded.reason,
                  ports_deleted = cancelled_migration.ports_deleted + excluded.ports_deleted, cancelled_at = now()""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, migrationId);
            ps.setString(2, reason);
            ps.setInt(3, portsDeleted);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the cancellation of " + migrationId, e);
        }
    }

    private Optional<String> queryString(String sql, UUID migrationId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, migrationId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read network-mapper's records", e);
        }
    }

    private static Outcome failed(UUID migrationId, VmSized sized, String reason, boolean retryable) {
        String text = "VM " + sized.vm().id() + " ('" + sized.vm().name() + "'): " + reason;
        return new Outcome(migrationId, sized.vm().id(), sized.request().mappingId(),
                new MigrationFailed(Phase.MAPPING, text, retryable), text);
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** The request names a mapping migration-api no longer has. */
    static class MappingGoneException extends RuntimeException {

        MappingGoneException(String message) {
            super(message);
        }
    }
}
