package io.traverse.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Compares docs/events/asyncapi.yaml with the code and lists every drift, each naming what drifted and where.
 *
 * <p>Rules: every {@link EventType} has exactly one channel whose address is its topic (Kafka binding partitions
 * as {@link Topics#partitions}), carrying one message named after the type whose payload is the envelope plus its
 * payload schema; every schema of a record has exactly the record's components as properties, each with a
 * description and a JSON type compatible with the Java type (recursively through nested records, lists, maps and
 * enums, whose values must match), and a {@code required} list equal to the components that are primitive or
 * {@code @NotNull/@NotBlank/@NotEmpty}; every channel has a sender and a receiver; no schema or channel is left
 * over that matches nothing in the code.
 */
final class AsyncApiContract {

    private static final String SCHEMAS = "#/components/schemas/";

    private final JsonNode doc;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> comparedSchemas = new HashSet<>();
    private final Set<String> comparedPairs = new HashSet<>();

    private AsyncApiContract(JsonNode doc) {
        this.doc = doc;
    }

    static JsonNode read(Path path) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
    }

    /** Every way {@code doc} differs from the code; empty when they agree. */
    static List<String> problems(JsonNode doc) {
        AsyncApiContract contract = new AsyncApiContract(doc);
        contract.check();
        return List.copyOf(contract.problems);
    }

    /** The channel whose address is the topic, or null. */
    static Map.Entry<String, JsonNode> channel(JsonNode doc, String topic) {
        for (Map.Entry<String, JsonNode> channel : doc.path("channels").properties()) {
            if (topic.equals(channel.getValue().path("address").asText(null))) {
                return channel;
            }
        }
        return null;
    }

    /** Resolves a local reference such as {@code #/components/schemas/SourceVm}; MissingNode when absent. */
    static JsonNode resolve(JsonNode doc, String ref) {
        return ref.startsWith("#") ? doc.at(ref.substring(1)) : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** A property's schema with a {@code $ref} or a single-element {@code allOf} resolved. */
    static JsonNode effective(JsonNode doc, JsonNode property) {
        if (property.has("$ref")) {
            return resolve(doc, property.get("$ref").asText());
        }
        JsonNode allOf = property.path("allOf");
        if (allOf.isArray() && allOf.size() == 1) {
            return effective(doc, allOf.get(0));
        }
        return property;
    }

    /** The name under components/schemas a property points at, or null for an inline schema. */
    static String schemaName(JsonNode property) {
        String ref = property.has("$ref") ? property.get("$ref").asText()
                : property.path("allOf").size() == 1 ? property.path("allOf").get(0).path("$ref").asText(null) : null;
        return ref != null && ref.startsWith(SCHEMAS) ? ref.substring(SCHEMAS.length()) : null;
    }

    private void check() {
        if (!"3.0.0".equals(doc.path("asyncapi").asText())) {
            problem("asyncapi version is '" + doc.path("asyncapi").asText() + "', expected 3.0.0");
        }
        for (EventType type : EventType.values()) {
            checkEventType(type);
        }
        for (Map.Entry<String, JsonNode> channel : doc.path("channels").properties()) {
            String address = channel.getValue().path("address").asText();
            if (!Topics.ALL.contains(address)) {
                problem("channel '" + channel.getKey() + "' has address '" + address + "', which is not in Topics.ALL");
            }
        }
        JsonNode envelope = doc.at("/components/schemas/EventEnvelope");
        if (envelope.isMissingNode()) {
            problem("components/schemas has no EventEnvelope schema");
        } else {
            compareRecord(EventEnvelope.class, "EventEnvelope", envelope);
        }
        checkOperations();
        for (String name : iterable(doc.path("components").path("schemas").fieldNames())) {
            if (!comparedSchemas.contains(name)) {
                problem("schema '" + name + "' matches no record, enum or record component in the code (left over?)");
            }
        }
    }

    private void checkEventType(EventType type) {
        String what = "event " + type.type() + " (" + type.payloadClass().getSimpleName() + ")";
        Map.Entry<String, JsonNode> channel = channel(doc, type.topic());
        if (channel == null) {
            problem(what + ": no channel has address '" + type.topic() + "'");
            return;
        }
        JsonNode partitions = channel.getValue().at("/bindings/kafka/partitions");
        if (partitions.asInt(-1) != Topics.partitions(type.topic())) {
            problem(what + ": channel '" + channel.getKey() + "' declares " + partitions.asText("no") + " partitions, "
                    + "Topics.partitions says " + Topics.partitions(type.topic()));
        }
        JsonNode messages = channel.getValue().path("messages");
        if (messages.size() != 1) {
            problem(what + ": channel '" + channel.getKey() + "' must carry exactly one message, has "
                    + messages.size());
            return;
        }
        JsonNode message = effective(doc, messages.elements().next());
        if (!type.type().equals(message.path("name").asText())) {
            problem(what + ": message of channel '" + channel.getKey() + "' is named '"
                    + message.path("name").asText() + "'");
        }
        if (message.path("summary").asText("").isBlank() && message.path("description").asText("").isBlank()) {
            problem(what + ": message has no summary or description");
        }
        JsonNode allOf = message.path("payload").path("allOf");
        if (allOf.size() != 2 || !(SCHEMAS + "EventEnvelope").equals(allOf.get(0).path("$ref").asText())) {
            problem(what + ": message payload must be allOf [$ref EventEnvelope, {type const, data $ref}]");
            return;
        }
        JsonNode specific = allOf.get(1);
        if (!type.type().equals(specific.at("/properties/type/const").asText())) {
            problem(what + ": payload's type const is '" + specific.at("/properties/type/const").asText()
                    + "', expected '" + type.type() + "'");
        }
        boolean requiresMigrationId = textSet(specific.path("required")).contains("migrationId");
        if (requiresMigrationId != type.perMigration()) {
            problem(what + ": payload " + (type.perMigration() ? "must" : "must not") + " list migrationId as required");
        }
        JsonNode data = specific.at("/properties/data");
        String name = schemaName(data);
        if (name == null) {
            problem(what + ": payload's data must $ref a schema in components/schemas");
            return;
        }
        JsonNode schema = effective(doc, data);
        if (schema.isMissingNode()) {
            problem(what + ": data refers to missing schema '" + name + "'");
            return;
        }
        compareRecord(type.payloadClass(), name, schema);
    }

    private void checkOperations() {
        Map<String, Set<String>> actionsByChannel = new java.util.HashMap<>();
        for (Map.Entry<String, JsonNode> operation : doc.path("operations").properties()) {
            String id = operation.getKey();
            JsonNode op = operation.getValue();
            String action = op.path("action").asText();
            if (!action.equals("send") && !action.equals("receive")) {
                problem("operation '" + id + "' has action '" + action + "', expected send or receive");
            }
            String channelRef = op.path("channel").path("$ref").asText();
            JsonNode channel = resolve(doc, channelRef);
            if (channel.isMissingNode()) {
                problem("operation '" + id + "' points at missing channel '" + channelRef + "'");
                continue;
            }
            for (JsonNode message : op.path("messages")) {
                String ref = message.path("$ref").asText();
                if (!ref.startsWith(channelRef + "/messages/") || resolve(doc, ref).isMissingNode()) {
                    problem("operation '" + id + "' names message '" + ref + "', which is not a message of its channel");
                }
            }
            if (op.path("tags").size() != 1 || op.path("tags").get(0).path("name").asText("").isBlank()) {
                problem("operation '" + id + "' must have exactly one tag naming the service");
            } else if (!id.startsWith(op.path("tags").get(0).path("name").asText() + ".")) {
                problem("operation '" + id + "' is tagged '" + op.path("tags").get(0).path("name").asText()
                        + "' but its id names another service");
            }
            if (op.path("summary").asText("").isBlank()) {
                problem("operation '" + id + "' has no summary");
            }
            actionsByChannel.computeIfAbsent(channel.path("address").asText(), k -> new TreeSet<>()).add(action);
        }
        for (EventType type : EventType.values()) {
            Set<String> actions = actionsByChannel.getOrDefault(type.topic(), Set.of());
            if (!actions.containsAll(Set.of("send", "receive"))) {
                problem("event " + type.type() + ": channel '" + type.topic() + "' needs a send and a receive "
                        + "operation, has " + actions);
            }
        }
    }

    private void compareRecord(Class<?> record, String schemaName, JsonNode schema) {
        comparedSchemas.add(schemaName);
        if (!comparedPairs.add(record.getName() + "=" + schemaName)) {
            return;
        }
        String where = "schema '" + schemaName + "' (record " + record.getSimpleName() + ")";
        if (!"object".equals(schema.path("type").asText())) {
            problem(where + ": type is '" + schema.path("type").asText() + "', expected object");
        }
        if (schema.path("description").asText("").isBlank()) {
            problem(where + ": has no description");
        }
        Map<String, RecordComponent> components = Arrays.stream(record.getRecordComponents())
                .collect(Collectors.toMap(RecordComponent::getName, c -> c, (a, b) -> a, java.util.LinkedHashMap::new));
        Set<String> properties = new LinkedHashSet<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);
        for (String name : components.keySet()) {
            if (!properties.contains(name)) {
                problem(where + ": record component '" + name + "' (" + components.get(name).getGenericType()
                        .getTypeName().replace("java.lang.", "").replace("java.util.", "") + ") has no property");
            }
        }
        for (String name : properties) {
            if (!components.containsKey(name)) {
                problem(where + ": property '" + name + "' is not a component of " + record.getSimpleName());
            }
        }
        Set<String> requiredInCode = components.values().stream().filter(RequiredFields::isRequired)
                .map(RecordComponent::getName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> requiredInDoc = new TreeSet<>(textSet(schema.path("required")));
        for (String name : requiredInCode) {
            if (!requiredInDoc.contains(name)) {
                problem(where + ": '" + name + "' is required in code (primitive or @NotNull/@NotBlank/@NotEmpty) "
                        + "but missing from the schema's required list");
            }
        }
        for (String name : requiredInDoc) {
            if (!requiredInCode.contains(name)) {
                problem(where + ": required list names '" + name + "', which is "
                        + (components.containsKey(name) ? "nullable in code" : "not a component"));
            }
        }
        for (RecordComponent component : components.values()) {
            JsonNode property = schema.path("properties").path(component.getName());
            if (property.isMissingNode()) {
                continue;
            }
            String propertyWhere = where + ", property '" + component.getName() + "'";
            if (property.path("description").asText("").isBlank()) {
                problem(propertyWhere + ": has no description");
            }
            compareType(component.getGenericType(), property, propertyWhere);
        }
    }

    private void compareType(Type javaType, JsonNode property, String where) {
        Class<?> raw = raw(javaType);
        String name = schemaName(property);
        if (name != null) {
            comparedSchemas.add(name);
        }
        JsonNode schema = effective(doc, property);
        if (schema.isMissingNode()) {
            problem(where + ": refers to missing schema '" + name + "'");
            return;
        }
        if (raw.isRecord()) {
            if (name == null) {
                problem(where + ": a " + raw.getSimpleName() + " must $ref its schema in components/schemas");
            } else {
                compareRecord(raw, name, schema);
            }
            return;
        }
        String jsonType = schema.path("type").asText();
        if (raw.isEnum()) {
            expect(where, schema, "string", null);
            Set<String> inCode = Arrays.stream(raw.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> inDoc = new TreeSet<>(textSet(schema.path("enum")));
            if (!inCode.equals(inDoc)) {
                problem(where + ": enum values " + inDoc + " differ from " + raw.getSimpleName() + " " + inCode);
            }
            if (schema.path("description").asText("").isBlank()) {
                problem(where + ": enum schema " + (name == null ? "" : "'" + name + "' ") + "has no description");
            }
        } else if (raw == String.class) {
            expect(where, schema, "string", null);
        } else if (raw == UUID.class) {
            expect(where, schema, "string", "uuid");
        } else if (raw == Instant.class) {
            expect(where, schema, "string", "date-time");
        } else if (raw == Duration.class) {
            expect(where, schema, "string", "duration");
        } else if (raw == boolean.class || raw == Boolean.class) {
            expect(where, schema, "boolean", null);
        } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            expect(where, schema, "integer", null);
        } else if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            expect(where, schema, "number", null);
        } else if (List.class.isAssignableFrom(raw)) {
            if (expect(where, schema, "array", null)) {
                compareType(typeArgument(javaType, 0), schema.path("items"), where + " items");
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            if (expect(where, schema, "object", null)) {
                compareType(typeArgument(javaType, 1), schema.path("additionalProperties"), where + " values");
            }
        } else if (raw == MigrationEvent.class) {
            expect(where, schema, "object", null);
        } else {
            problem(where + ": the contract test knows no JSON type for Java type " + raw.getName()
                    + " (JSON type in the document: '" + jsonType + "'); teach AsyncApiContract.compareType");
        }
    }

    private boolean expect(String where, JsonNode schema, String type, String format) {
        String actualType = schema.path("type").asText("(none)");
        if (!type.equals(actualType)) {
            problem(where + ": JSON type is '" + actualType + "', expected '" + type + "'");
            return false;
        }
        String actualFormat = schema.path("format").asText(null);
        if (format != null && !format.equals(actualFormat)) {
            problem(where + ": format is '" + actualFormat + "', expected '" + format + "'");
            return false;
        }
        return true;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalArgumentException("unsupported type " + type);
    }

    private static Type typeArgument(Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }

    private static Set<String> textSet(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }

    private void problem(String problem) {
        problems.add(problem);
    }
}
