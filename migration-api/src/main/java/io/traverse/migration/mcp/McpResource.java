package io.traverse.migration.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.traverse.events.EventJson;
import io.traverse.events.MigrationMode;
import io.traverse.migration.MigrationState;
import io.traverse.migration.engine.CutoverPolicy;
import io.traverse.migration.engine.MigrationRecord;
import io.traverse.migration.security.Roles;
import io.traverse.migration.service.MigrationService;
import io.traverse.support.rest.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * MCP over JSON-RPC 2.0 on {@code POST /mcp}, as the integration guide's MCP servers speak it: {@code initialize},
 * {@code tools/list}, {@code tools/call}. Tools: {@code vmware_migrate_vm} (Layer 1: one VM through the whole
 * pipeline; operator role) and the read tools {@code migration_status}, {@code migration_timeline},
 * {@code migration_list}, {@code fleet_summary}. A failing tool answers a result with {@code isError: true}; a
 * malformed call answers a JSON-RPC error (-32700 parse, -32600 invalid request, -32601 unknown method, -32602
 * invalid params).
 */
@Path("/mcp")
public class McpResource {

    static final String PROTOCOL_VERSION = "2025-03-26";
    private static final ObjectMapper JSON = EventJson.mapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern VM_ID = Pattern.compile("vm-\\d+");

    private final MigrationService migrations;
    private final SecurityIdentity identity;

    public McpResource(MigrationService migrations, SecurityIdentity identity) {
        this.migrations = migrations;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public Response call(String body) {
        JsonNode request;
        try {
            request = JSON.readTree(body == null ? "" : body);
        } catch (Exception e) {
            return ok(error(NODES.nullNode(), -32700, "Parse error: " + e.getMessage()));
        }
        if (request == null || request.isMissingNode()) {
            return ok(error(NODES.nullNode(), -32600, "Invalid Request: empty body"));
        }
        if (request.isArray()) {
            ArrayNode out = NODES.arrayNode();
            request.forEach(r -> {
                JsonNode answer = one(r);
                if (answer != null) {
                    out.add(answer);
                }
            });
            return out.isEmpty() ? Response.accepted().build() : ok(out);
        }
        JsonNode answer = one(request);
        return answer == null ? Response.accepted().build() : ok(answer);
    }

    private JsonNode one(JsonNode r) {
        JsonNode id = r.has("id") ? r.get("id") : null;
        if (!r.isObject() || !"2.0".equals(r.path("jsonrpc").asText()) || !r.path("method").isTextual()) {
            return error(id == null ? NODES.nullNode() : id, -32600, "Invalid Request: needs jsonrpc \"2.0\" and a method");
        }
        String method = r.get("method").asText();
        if (id == null) {
            return null; // a notification, e.g. notifications/initialized: no answer
        }
        JsonNode params = r.path("params");
        try {
            return switch (method) {
                case "initialize" -> result(id, initialize());
                case "ping" -> result(id, NODES.objectNode());
                case "tools/list" -> result(id, tools());
                case "tools/call" -> result(id, callTool(params));
                default -> error(id, -32601, "Method not found: " + method);
            };
        } catch (InvalidParams e) {
            return error(id, -32602, "Invalid params: " + e.getMessage());
        }
    }

    private ObjectNode initialize() {
        ObjectNode o = NODES.objectNode();
        o.put("protocolVersion", PROTOCOL_VERSION);
        o.putObject("capabilities").putObject("tools").put("listChanged", false);
        o.putObject("serverInfo").put("name", "traverse-migration-api").put("version", "0.1.0");
        o.put("instructions", "Migrate VMware VMs to OpenStack with vmware_migrate_vm, then follow them with "
                + "migration_status / migration_timeline; fleet_summary gives the counts.");
        return o;
    }

    private ObjectNode tools() {
        ObjectNode o = NODES.objectNode();
        ArrayNode tools = o.putArray("tools");
        tools.add(tool("vmware_migrate_vm", "Migrate one VMware VM to OpenStack through the whole pipeline (discover, "
                        + "size, map, copy disks, convert, launch). Answers at once with the migration id; the work runs "
                        + "asynchronously. Needs the operator role.",
                schema(new String[] {"vmId", "vmName"},
                        "vmId", "string", "vCenter managed object id, e.g. vm-42",
                        "vmName", "string", "VM name as shown in vCenter",
                        "mode", "string", "COLD (default: one copy with the VM off) or WARM (pre-copy while running)",
                        "cutoverPolicy", "string", "WARM only: NOW (default here), MANUAL, AUTO")));
        tools.add(tool("migration_status", "Where one migration stands: state, phase detail, flavor, instance, IPs.",
                schema(new String[] {"migrationId"}, "migrationId", "string", "the id vmware_migrate_vm returned")));
        tools.add(tool("migration_timeline", "Every state transition of one migration with its time and cause.",
                schema(new String[] {"migrationId"}, "migrationId", "string", "the migration id")));
        tools.add(tool("migration_list", "Migrations, newest first, optionally only those in one state.",
                schema(new String[] {}, "state", "string", "e.g. PRECOPYING, FAILED, MIGRATED",
                        "vm", "string", "part of a VM name", "limit", "integer", "at most this many (default 50)")));
        tools.add(tool("fleet_summary", "Counts for the whole fleet: queued, migrating, migrated, failed, by state.",
                schema(new String[] {})));
        return o;
    }

    private ObjectNode callTool(JsonNode params) {
        String name = params.path("name").asText(null);
        JsonNode args = params.path("arguments");
        if (name == null) {
            throw new InvalidParams("tools/call needs params.name");
        }
        try {
            Object value = switch (name) {
                case "vmware_migrate_vm" -> migrate(args);
                case "migration_status" -> migrations.find(uuid(args)).orElseThrow(() -> ProblemException.notFound(
                        "Migration " + args.path("migrationId").asText()));
                case "migration_timeline" -> migrations.timeline(uuid(args)).orElseThrow(() -> ProblemException.notFound(
                        "Migration " + args.path("migrationId").asText()));
                case "migration_list" -> list(args);
                case "fleet_summary" -> migrations.summary();
                default -> throw new InvalidParams("unknown tool '" + name + "'");
            };
            return toolResult(JSON.valueToTree(value), false);
        } catch (InvalidParams e) {
            throw e;
        } catch (ProblemException e) {
            return toolResult(NODES.textNode(e.getMessage()), true);
        }
    }

    private Object migrate(JsonNode args) {
        if (!identity.hasRole(Roles.OPERATOR) && !identity.hasRole(Roles.ADMIN)) {
            throw new ProblemException("urn:traverse:problem:forbidden", "Forbidden", 403,
                    "vmware_migrate_vm needs the operator role");
        }
        String vmId = args.path("vmId").asText("");
        String vmName = args.path("vmName").asText("");
        if (!VM_ID.matcher(vmId).matches()) {
            throw new InvalidParams("vmId must be a vCenter VM id such as vm-42");
        }
        if (vmName.isBlank()) {
            throw new InvalidParams("vmName is required");
        }
        MigrationMode mode;
        CutoverPolicy policy;
        try {
            mode = MigrationMode.valueOf(args.path("mode").asText("COLD").toUpperCase());
            policy = mode == MigrationMode.COLD ? CutoverPolicy.NOW
                    : CutoverPolicy.valueOf(args.path("cutoverPolicy").asText("NOW").toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new InvalidParams("mode is COLD or WARM; cutoverPolicy is NOW, MANUAL or AUTO");
        }
        var settings = new MigrationRecord.Settings(mode, null, policy, null, null, null, null, 3, null, List.of(),
                identity.getPrincipal().getName() + " (mcp)", null);
        return migrations.start(new MigrationService.StartOne(vmId, vmName, mode, settings));
    }

    private Object list(JsonNode args) {
        List<MigrationState> states = List.of();
        if (args.hasNonNull("state")) {
            try {
                states = List.of(MigrationState.valueOf(args.get("state").asText().toUpperCase()));
            } catch (IllegalArgumentException e) {
                throw new InvalidParams("unknown state '" + args.get("state").asText() + "'");
            }
        }
        int limit = Math.max(1, Math.min(500, args.path("limit").asInt(50)));
        return migrations.list(new MigrationService.Filter(states, null, null, null, args.path("vm").asText(null)), 0, limit);
    }

    private static UUID uuid(JsonNode args) {
        try {
            return UUID.fromString(args.path("migrationId").asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidParams("migrationId must be a UUID");
        }
    }

    private static ObjectNode toolResult(JsonNode value, boolean isError) {
        ObjectNode o = NODES.objectNode();
        o.putArray("content").addObject().put("type", "text")
                .put("text", value.isTextual() ? value.asText() : value.toPrettyString());
        if (!isError && value.isObject()) {
            o.set("structuredContent", value);
        }
        o.put("isError", isError);
        return o;
    }

    private static ObjectNode tool(String name, String description, ObjectNode inputSchema) {
        ObjectNode t = NODES.objectNode();
        t.put("name", name).put("description", description).set("inputSchema", inputSchema);
        return t;
    }

    /** {@code required} names, then triples of property name, JSON type, description. */
    private static ObjectNode schema(String[] required, String... props) {
        ObjectNode s = NODES.objectNode().put("type", "object");
        ObjectNode p = s.putObject("properties");
        for (int i = 0; i < props.length; i += 3) {
            p.putObject(props[i]).put("type", props[i + 1]).put("description", props[i + 2]);
        }
        ArrayNode req = s.putArray("required");
        for (String r : required) {
            req.add(r);
        }
        return s;
    }

    private static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode o = NODES.objectNode().put("jsonrpc", "2.0");
        o.set("id", id);
        o.set("result", result);
        return o;
    }

    private static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode o = NODES.objectNode().put("jsonrpc", "2.0");
        o.set("id", id);
        o.putObject("error").put("code", code).put("message", message);
        return o;
    }

    private static Response ok(JsonNode body) {
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON).build();
    }

    /** Params that do not fit the method: JSON-RPC error -32602. */
    static class InvalidParams extends RuntimeException {
        InvalidParams(String message) {
            super(message);
        }
    }
}
