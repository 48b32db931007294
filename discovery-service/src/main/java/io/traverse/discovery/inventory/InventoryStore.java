package io.traverse.discovery.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.traverse.events.InventoryChange;
import io.traverse.events.PowerState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The inventory mirror in discovery-service's schema. Writes need the caller's transaction. */
@ApplicationScoped
public class InventoryStore {

    /** Serialises concurrent syncs, also across replicas ({@code pg_advisory_xact_lock}). */
    private static final long SYNC_LOCK = 0x7261766572736531L;

    private final DataSource dataSource;
    private final ObjectMapper json;

    public InventoryStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** A filter and page of {@link #vms}. */
    public record VmQuery(String cluster, PowerState powerState, String nameContains, int page, int size) {
    }

    public record VmPage(List<InventoryVm> items, long total) {
    }

    /**
     * Makes the mirror equal to a full read and returns how the VMs changed (added, removed, power state, name or
     * hardware), oldest first by name. VMs written from a read that started after this one keep their row.
     */
    @Transactional(TxType.MANDATORY)
    public List<InventoryChange> replace(InventorySnapshot snapshot) {
        try (Connection c = dataSource.getConnection()) {
            lock(c);
            Map<String, InventoryVm> before = loadVms(c, null);
            Map<String, Instant> readAt = loadReadAt(c);
            List<InventoryChange> changes = new ArrayList<>();
            Map<String, InventoryVm> after = new LinkedHashMap<>();
            List<InventoryVm> upserts = new ArrayList<>();
            for (InventoryVm vm : snapshot.vms()) {
                after.put(vm.id(), vm);
                if (newer(readAt.get(vm.id()), snapshot.readAt())) {
                    continue;
                }
                InventoryVm old = before.get(vm.id());
                if (old == null) {
                    changes.add(new InventoryChange(vm.id(), vm.name(), InventoryChange.Kind.ADDED, vm.powerState()));
                    upserts.add(vm);
                } else if (!old.equals(vm)) {
                    if (changedEnoughToAnnounce(old, vm)) {
                        changes.add(new InventoryChange(vm.id(), vm.name(), InventoryChange.Kind.MODIFIED, vm.powerState()));
                    }
                    upserts.add(vm);
                }
            }
            batch(c, UPSERT, upserts, (ps, vm) -> bindUpsert(ps, vm, snapshot.readAt()));
            for (InventoryVm old : before.values()) {
                if (!after.containsKey(old.id()) && !newer(readAt.get(old.id()), snapshot.readAt())) {
                    changes.add(new InventoryChange(old.id(), old.name(), InventoryChange.Kind.REMOVED, null));
                    delete(c, old.id());
                }
            }
            if (snapshot.readAt() != null) { // every row older than this read is confirmed by it
                try (PreparedStatement ps = c.prepareStatement(
                        "update inventory_vm set read_at = ? where read_at is null or read_at < ?")) {
                    ps.setTimestamp(1, Timestamp.from(snapshot.readAt()));
                    ps.setTimestamp(2, Timestamp.from(snapshot.readAt()));
                    ps.executeUpdate();
                }
            }
            replaceTopology(c, snapshot);
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into inventory_sync (id, synced_at, vm_count) values (1, ?, ?)
                    on conflict (id) do update set synced_at = excluded.synced_at, vm_count = excluded.vm_count""")) {
                ps.setTimestamp(1, Timestamp.from(snapshot.readAt()));
                ps.setInt(2, snapshot.vms().size());
                ps.executeUpdate();
            }
            return changes;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store the inventory", e);
        }
    }

    /**
     * Stores one VM read at {@code readAt} (after a power operation, Phase 1, or a change vCenter reported); returns
     * its change, if any. Skipped when the stored row comes from a read that started later.
     */
    @Transactional(TxType.MANDATORY)
    public Optional<InventoryChange> put(InventoryVm vm, Instant readAt) {
        try (Connection c = dataSource.getConnection()) {
            lock(c);
            if (newer(loadReadAt(c, vm.id()), readAt)) {
                return Optional.empty();
            }
            InventoryVm old = loadVms(c, vm.id()).get(vm.id());
            if (vm.equals(old)) {
                touch(c, vm.id(), readAt);
                return Optional.empty();
            }
            upsert(c, vm, readAt);
            if (old == null) {
                return Optional.of(new InventoryChange(vm.id(), vm.name(), InventoryChange.Kind.ADDED, vm.powerState()));
            }
            return changedEnoughToAnnounce(old, vm)
                    ? Optional.of(new InventoryChange(vm.id(), vm.name(), InventoryChange.Kind.MODIFIED, vm.powerState()))
                    : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store VM " + vm.id(), e);
        }
    }

    /** Removes a VM vCenter no longer had at {@code readAt}; returns the change if the mirror had it. */
    @Transactional(TxType.MANDATORY)
    public Optional<InventoryChange> remove(String vmId, Instant readAt) {
        try (Connection c = dataSource.getConnection()) {
            lock(c);
            InventoryVm old = loadVms(c, vmId).get(vmId);
            if (old == null || newer(loadReadAt(c, vmId), readAt)) {
                return Optional.empty();
            }
            delete(c, vmId);
            return Optional.of(new InventoryChange(old.id(), old.name(), InventoryChange.Kind.REMOVED, null));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not remove VM " + vmId, e);
        }
    }

    /** Power state, name and hardware matter to people; tools status and IP addresses flap and are not announced. */
    private static boolean changedEnoughToAnnounce(InventoryVm old, InventoryVm now) {
        return old.powerState() != now.powerState() || !old.name().equals(now.name())
                || !old.toSourceVm(false).equals(now.toSourceVm(false)) || !old.snapshots().equals(now.snapshots());
    }

    @Transactional(TxType.SUPPORTS)
    public VmPage vms(VmQuery q) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> args = new ArrayList<>();
        if (q.cluster() != null) {
            where.append(" and cluster = ?");
            args.add(q.cluster());
        }
        if (q.powerState() != null) {
            where.append(" and power_state = ?");
            args.add(q.powerState().name());
        }
        if (q.nameContains() != null) {
            where.append(" and strpos(lower(name), lower(?)) > 0");
            args.add(q.nameContains());
        }
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("select count(*) from inventory_vm" + where)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<InventoryVm> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select detail from inventory_vm" + where
                    + " order by name, id limit ? offset ?")) {
                List<Object> all = new ArrayList<>(args);
                all.add(q.size());
                all.add((long) q.page() * q.size());
                bind(ps, all);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(read(rs.getString(1)));
                    }
                }
            }
            return new VmPage(items, total);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the inventory", e);
        }
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<InventoryVm> vm(String id) {
        try (Connection c = dataSource.getConnection()) {
            return Optional.ofNullable(loadVms(c, id).get(id));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the inventory", e);
        }
    }

    @Transactional(TxType.SUPPORTS)
    public List<InventoryVm> allVms() {
        try (Connection c = dataSource.getConnection()) {
            return loadVms(c, null).values().stream().toList();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the inventory", e);
        }
    }

    /** The topology part of the mirror (no VMs), and when it was synced (null before the first sync). */
    @Transactional(TxType.SUPPORTS)
    public InventorySnapshot topology() {
        try (Connection c = dataSource.getConnection()) {
            Instant syncedAt = null;
            try (PreparedStatement ps = c.prepareStatement("select synced_at from inventory_sync where id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    syncedAt = rs.getTimestamp(1).toInstant();
                }
            }
            List<InventorySnapshot.Datacenter> dcs = new ArrayList<>();
            query(c, "select id, name from inventory_datacenter order by name",
                    rs -> dcs.add(new InventorySnapshot.Datacenter(rs.getString(1), rs.getString(2))));
            List<InventorySnapshot.Cluster> clusters = new ArrayList<>();
            query(c, "select id, name, datacenter from inventory_cluster order by name",
                    rs -> clusters.add(new InventorySnapshot.Cluster(rs.getString(1), rs.getString(2), rs.getString(3))));
            List<InventorySnapshot.Host> hosts = new ArrayList<>();
            query(c, "select id, name, cluster, datacenter from inventory_host order by name",
                    rs -> hosts.add(new InventorySnapshot.Host(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))));
            List<InventorySnapshot.Datastore> datastores = new ArrayList<>();
            query(c, "select id, name, datacenter, capacity_bytes, free_bytes, type from inventory_datastore order by name",
                    rs -> datastores.add(new InventorySnapshot.Datastore(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getLong(4), rs.getLong(5), rs.getString(6))));
            List<InventorySnapshot.Network> networks = new ArrayList<>();
            query(c, "select id, name, datacenter, kind, key from inventory_network order by name",
                    rs -> networks.add(new InventorySnapshot.Network(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5))));
            return new InventorySnapshot(syncedAt, dcs, clusters, hosts, datastores, networks, List.of());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the inventory", e);
        }
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(Connection c, String sql, RowReader reader) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                reader.read(rs);
            }
        }
    }

    private static void lock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            ps.setLong(1, SYNC_LOCK);
            ps.execute();
        }
    }

    private Map<String, InventoryVm> loadVms(Connection c, String onlyId) throws SQLException {
        Map<String, InventoryVm> out = new LinkedHashMap<>();
        String sql = "select detail from inventory_vm" + (onlyId == null ? "" : " where id = ?") + " order by name, id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (onlyId != null) {
                ps.setString(1, onlyId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    InventoryVm vm = read(rs.getString(1));
                    out.put(vm.id(), vm);
                }
            }
        }
        return out;
    }

    /** True when the stored row comes from a read that started after {@code readAt}. */
    private static boolean newer(Instant stored, Instant readAt) {
        return stored != null && readAt != null && stored.isAfter(readAt);
    }

    private static Map<String, Instant> loadReadAt(Connection c) throws SQLException {
        Map<String, Instant> out = new java.util.HashMap<>();
        query(c, "select id, read_at from inventory_vm where read_at is not null",
                rs -> out.put(rs.getString(1), rs.getTimestamp(2).toInstant()));
        return out;
    }

    private static Instant loadReadAt(Connection c, String vmId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select read_at from inventory_vm where id = ?")) {
            ps.setString(1, vmId);
            try (ResultSet rs = ps.executeQuery()) {
                Timestamp t = rs.next() ? rs.getTimestamp(1) : null;
                return t == null ? null : t.toInstant();
            }
        }
    }

    private static void touch(Connection c, String vmId, Instant readAt) throws SQLException {
        if (readAt == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "update inventory_vm set read_at = ? where id = ? and (read_at is null or read_at < ?)")) {
            ps.setTimestamp(1, Timestamp.from(readAt));
            ps.setString(2, vmId);
            ps.setTimestamp(3, Timestamp.from(readAt));
            ps.executeUpdate();
        }
    }

    private static void delete(Connection c, String vmId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from inventory_vm where id = ?")) {
            ps.setString(1, vmId);
            ps.executeUpdate();
        }
    }

    private static final String UPSERT = """
            insert into inventory_vm (id, name, power_state, datacenter, cluster, host, vcpus, memory_mb, detail, read_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
            on conflict (id) do update set name = excluded.name, power_state = excluded.power_state,
              datacenter = excluded.datacenter, cluster = excluded.cluster, host = excluded.host,
              vcpus = excluded.vcpus, memory_mb = excluded.memory_mb, detail = excluded.detail,
              read_at = excluded.read_at, updated_at = now()""";

    private void upsert(Connection c, InventoryVm vm, Instant readAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            bindUpsert(ps, vm, readAt);
            ps.executeUpdate();
        }
    }

    private void bindUpsert(PreparedStatement ps, InventoryVm vm, Instant readAt) throws SQLException {
        ps.setString(1, vm.id());
        ps.setString(2, vm.name());
        ps.setString(3, vm.powerState().name());
        ps.setString(4, vm.datacenter());
        ps.setString(5, vm.cluster());
        ps.setString(6, vm.host());
        ps.setInt(7, vm.vcpus());
        ps.setLong(8, vm.memoryMb());
        ps.setString(9, write(vm));
        ps.setTimestamp(10, readAt == null ? null : Timestamp.from(readAt));
    }

    private static void replaceTopology(Connection c, InventorySnapshot s) throws SQLException {
        for (String table : List.of("inventory_datacenter", "inventory_cluster", "inventory_host", "inventory_datastore",
                "inventory_network")) {
            try (PreparedStatement ps = c.prepareStatement("delete from " + table)) {
                ps.executeUpdate();
            }
        }
        batch(c, "insert into inventory_datacenter (id, name) values (?, ?)", s.datacenters(),
                (ps, d) -> bind(ps, List.of(d.id(), d.name())));
        batch(c, "insert into inventory_cluster (id, name, datacenter) values (?, ?, ?)", s.clusters(),
                (ps, d) -> bind(ps, nullable(d.id(), d.name(), d.datacenter())));
        batch(c, "insert into inventory_host (id, name, cluster, datacenter) values (?, ?, ?, ?)", s.hosts(),
                (ps, d) -> bind(ps, nullable(d.id(), d.name(), d.cluster(), d.datacenter())));
        batch(c, "insert into inventory_datastore (id, name, datacenter, capacity_bytes, free_bytes, type) values (?, ?, ?, ?, ?, ?)",
                s.datastores(), (ps, d) -> bind(ps, nullable(d.id(), d.name(), d.datacenter(), d.capacityBytes(), d.freeBytes(), d.type())));
        batch(c, "insert into inventory_network (id, name, datacenter, kind, key) values (?, ?, ?, ?, ?)", s.networks(),
                (ps, d) -> bind(ps, nullable(d.id(), d.name(), d.datacenter(), d.kind(), d.key())));
    }

    private interface Binder<T> {
        void bind(PreparedStatement ps, T item) throws SQLException;
    }

    private static <T> void batch(Connection c, String sql, List<T> items, Binder<T> binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (T item : items) {
                binder.bind(ps, item);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static List<Object> nullable(Object... values) {
        return java.util.Arrays.asList(values);
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a == null) {
                ps.setNull(i + 1, java.sql.Types.VARCHAR);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    private String write(InventoryVm vm) {
        try {
            return json.writeValueAsString(vm);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private InventoryVm read(String detail) {
        try {
            return json.readValue(detail, InventoryVm.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable inventory row: " + e.getOriginalMessage(), e);
        }
    }

}
