package io.traverse.migration.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import io.traverse.events.EventJson;
import io.traverse.migration.DetailedProblemException;
import io.traverse.migration.db.Jdbc;
import io.traverse.migration.inventory.InventoryClient;
import io.traverse.migration.inventory.InventoryTopology;
import io.traverse.migration.preflight.TargetCloud;
import io.traverse.support.rest.Problem;
import io.traverse.support.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Infrastructure mappings: CRUD, with every source name checked against the live inventory (discovery-service) and
 * every target against the OpenStack target when it can be asked. A source mapped twice, an unknown source or
 * target is a 422 naming each; an inventory that cannot be asked is a 503, unless the caller chose to skip the check.
 */
@ApplicationScoped
@Transactional(TxType.REQUIRED)
public class MappingService {

    /**
     * Validation asks discovery-service and the OpenStack target inside the transaction; each call is bounded by its
     * client's timeout, but together they may take longer than the default 60 s on a slow target.
     */
    public static final int TARGET_CHECK_TX_TIMEOUT_S = 180;

    private static final ObjectMapper JSON = EventJson.mapper();
    public static final String INVALID_MAPPING = "urn:traverse:problem:invalid-mapping";

    private final Jdbc jdbc;
    private final InventoryClient inventory;
    private final TargetCloud target;

    public MappingService(Jdbc jdbc, InventoryClient inventory, TargetCloud target) {
        this.jdbc = jdbc;
        this.inventory = inventory;
        this.target = target;
    }

    @TransactionConfiguration(timeout = TARGET_CHECK_TX_TIMEOUT_S)
    public InfraMapping create(InfraMapping.Body body, boolean checkInventory) {
        validate(body, checkInventory);
        UUID id = UUID.randomUUID();
        try {
            jdbc.update("insert into infra_mapping (id, name, description, clusters, datastores, networks) values (?, ?, ?, ?, ?, ?)",
                    id, body.name(), body.description(), json(body.clusters()), json(body.datastores()), json(body.networks()));
        } catch (Jdbc.DataAccessException e) {
            throw duplicateName(e, body.name());
        }
        return find(id).orElseThrow();
    }

    @TransactionConfiguration(timeout = TARGET_CHECK_TX_TIMEOUT_S)
    public InfraMapping replace(UUID id, InfraMapping.Body body, boolean checkInventory) {
        find(id).orElseThrow(() -> ProblemException.notFound("Mapping " + id));
        validate(body, checkInventory);
        try {
            jdbc.update("update infra_mapping set name = ?, description = ?, clusters = ?, datastores = ?, networks = ?, "
                            + "updated_at = now(), version = version + 1 where id = ?",
                    body.name(), body.description(), json(body.clusters()), json(body.datastores()), json(body.networks()), id);
        } catch (Jdbc.DataAccessException e) {
            throw duplicateName(e, body.name());
        }
        jdbc.update("update plan set updated_at = now() where mapping_id = ?", id); // their preflight is stale now
        return find(id).orElseThrow();
    }

    public void delete(UUID id) {
        find(id).orElseThrow(() -> ProblemException.notFound("Mapping " + id));
        long plans = jdbc.count("select count(*) from plan where mapping_id = ?", id);
        if (plans > 0) {
            throw ProblemException.conflict("Mapping " + id + " is used by " + plans + " plan(s); change or delete them first");
        }
        jdbc.update("delete from infra_mapping where id = ?", id);
    }

    @Transactional(TxType.SUPPORTS)
    public Optional<InfraMapping> find(UUID id) {
        return jdbc.queryOne("select * from infra_mapping where id = ?", MappingService::map, id);
    }

    @Transactional(TxType.SUPPORTS)
    public List<InfraMapping> list() {
        return jdbc.query("select * from infra_mapping order by name", MappingService::map);
    }

    private void validate(InfraMapping.Body body, boolean checkInventory) {
        List<Problem.FieldError> errors = new ArrayList<>();
        duplicates("clusters", body.clusters(), errors);
        duplicates("datastores", body.datastores(), errors);
        duplicates("networks", body.networks(), errors);
        if (checkInventory) {
            InventoryTopology topo = inventory.topology();
            unknown("clusters", body.clusters(), topo.clusters(), "source cluster", errors);
            unknown("datastores", body.datastores(), topo.datastores(), "source datastore", errors);
            unknown("networks", body.networks(), topo.networks(), "source port group", errors);
        }
        target.availabilityZones().ifPresent(zones -> unknownTarget("clusters", body.clusters(), zones, "availability zone", errors));
        target.volumeTypes().ifPresent(types -> unknownTarget("datastores", body.datastores(), types, "volume type", errors));
        target.networks().ifPresent(nets -> unknownTarget("networks", body.networks(), nets, "network", errors));
        if (!errors.isEmpty()) {
            String detail = errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse("");
            throw new DetailedProblemException(new Problem(INVALID_MAPPING, "Invalid infrastructure mapping", 422, detail,
                    null, errors));
        }
    }

    private static void duplicates(String field, List<InfraMapping.Pair> pairs, List<Problem.FieldError> errors) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < pairs.size(); i++) {
            for (String s : pairs.get(i).sources()) {
                if (!seen.add(s)) {
                    errors.add(new Problem.FieldError(field + "[" + i + "].sources", "'" + s + "' is mapped more than once"));
                }
            }
        }
    }

    private static void unknown(String field, List<InfraMapping.Pair> pairs, Set<String> known, String what,
                                List<Problem.FieldError> errors) {
        for (int i = 0; i < pairs.size(); i++) {
            for (String s : pairs.get(i).sources()) {
                if (!known.contains(s)) {
                    errors.add(new Problem.FieldError(field + "[" + i + "].sources",
                            "no " + what + " '" + s + "' in the vCenter inventory"));
                }
            }
        }
    }

    private static void unknownTarget(String field, List<InfraMapping.Pair> pairs, Set<String> known, String what,
                                      List<Problem.FieldError> errors) {
        for (int i = 0; i < pairs.size(); i++) {
            if (!known.contains(pairs.get(i).target())) {
                errors.add(new Problem.FieldError(field + "[" + i + "].target",
                        "no " + what + " '" + pairs.get(i).target() + "' on the OpenStack target"));
            }
        }
    }

    private static ProblemException duplicateName(Jdbc.DataAccessException e, String name) {
        if (e.isUniqueViolation()) {
            return ProblemException.conflict("A mapping named '" + name + "' already exists");
        }
        throw e;
    }

    static InfraMapping map(ResultSet rs) throws SQLException {
        return new InfraMapping(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("description"),
                pairs(rs.getString("clusters")), pairs(rs.getString("datastores")), pairs(rs.getString("networks")),
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"), rs.getInt("version"));
    }

    private static List<InfraMapping.Pair> pairs(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<InfraMapping.Pair>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bad mapping JSON in the database", e);
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
